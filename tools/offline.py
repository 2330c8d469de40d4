"""Run a command with the network cut: only loopback works.

    python tools/offline.py -- COMMAND [ARGS...]

The command runs in a new network namespace (``unshare --net``, from
util-linux; as an ordinary user with ``--map-root-user``) in which the only
interface is loopback, brought up here, so local servers and browsers work
and nothing else can be reached. If no namespace can be made (no
``unshare``, or not permitted), the command is not run and the exit status
is 3, so a test run can never silently fall back to having the network.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import struct
import subprocess
import sys

_SIOCGIFFLAGS, _SIOCSIFFLAGS, _IFF_UP = 0x8913, 0x8914, 0x1
_MARK = "VENUSEDU_OFFLINE_NAMESPACE"


def loopback_up() -> None:
    """Bring the loopback interface of this network namespace up (ioctl, no `ip` needed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        request = struct.pack("16sh22x", b"lo", 0)
        flags = struct.unpack("16sh22x", fcntl.ioctl(s, _SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(s, _SIOCSIFFLAGS, struct.pack("16sh22x", b"lo", flags | _IFF_UP))


def can_reach_outside() -> bool:
    """True if a route to a public address exists (a UDP connect sends nothing)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: needs a route, sends no packet
        except OSError:
            return False
    return True


def main(argv: list[str]) -> int:
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        print("usage: python tools/offline.py -- COMMAND [ARGS...]", file=sys.stderr)
        return 2
    if os.environ.pop(_MARK, None) == "inside":
        loopback_up()
        if can_reach_outside():
            print("offline: error: the network namespace still has a route outside", file=sys.stderr)
            return 3
        os.execvp(argv[0], argv)
    unshare = shutil.which("unshare")
    if unshare is None:
        print("offline: error: `unshare` (util-linux) is needed to cut the network", file=sys.stderr)
        return 3
    flags = ["--net"] if os.geteuid() == 0 else ["--net", "--map-root-user"]
    probe = subprocess.run([unshare, *flags, "--", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        print(f"offline: error: cannot make a network namespace ({probe.stderr.strip()})", file=sys.stderr)
        return 3
    env = dict(os.environ, **{_MARK: "inside"})
    proc = subprocess.run([unshare, *flags, "--", sys.executable, os.path.abspath(__file__), "--", *argv], env=env)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
