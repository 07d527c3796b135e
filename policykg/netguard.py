"""Query threads that cannot reach the network: the second wall behind sparql_check.py.

pyoxigraph (0.5) executes SERVICE with its own HTTP client, written in Rust, and its
`Store.query` has no option to turn that off; a Python-level socket patch would not see it.
So on Linux the thread that runs an embedded query installs a seccomp filter that fails every
`socket()` call for a family other than AF_UNIX with EACCES. A seccomp filter binds the thread
that installs it (and threads it starts), not the process: the CLI and the server's other
threads keep their sockets, and worker processes still talk to the server over AF_UNIX pairs.

Where the filter cannot be installed (another OS or architecture, seccomp disabled), the
threads run unguarded and the parse-based check stands alone; `available()` says which."""

import ctypes
import errno
import logging
import platform
import socket
import sys

log = logging.getLogger("policykg.netguard")

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
# BPF opcodes: load word at absolute offset, jump if equal / greater-or-equal, return.
_LD_ABS, _JEQ, _JGE, _RET = 0x20, 0x15, 0x35, 0x06
# seccomp_data: nr at 0, arch at 4, args[0] (low half, little-endian) at 16.
_OFF_NR, _OFF_ARCH, _OFF_ARG0 = 0, 4, 16
# machine -> (AUDIT_ARCH_*, __NR_socket)
_ARCHES = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}
_X32_BIT = 0x40000000  # x32 syscalls share x86_64's arch value: refuse them outright


class _Insn(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_ushort),
        ("jt", ctypes.c_ubyte),
        ("jf", ctypes.c_ubyte),
        ("k", ctypes.c_uint),
    ]


class _Prog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Insn))]


def _program(arch: int, nr_socket: int) -> list[_Insn]:
    deny = _RET_ERRNO | errno.EACCES
    return [
        _Insn(_LD_ABS, 0, 0, _OFF_ARCH),
        _Insn(_JEQ, 1, 0, arch),
        _Insn(_RET, 0, 0, deny),  # a foreign ABI (e.g. 32-bit calls): refuse
        _Insn(_LD_ABS, 0, 0, _OFF_NR),
        _Insn(_JGE, 3, 0, _X32_BIT),  # -> deny
        _Insn(_JEQ, 0, 3, nr_socket),  # not socket() -> allow
        _Insn(_LD_ABS, 0, 0, _OFF_ARG0),
        _Insn(_JEQ, 1, 0, socket.AF_UNIX),  # -> allow
        _Insn(_RET, 0, 0, deny),
        _Insn(_RET, 0, 0, _RET_ALLOW),
    ]


def available() -> bool:
    return sys.platform == "linux" and platform.machine() in _ARCHES


def deny_network() -> bool:
    """Install the filter on the calling thread (for good); False where it is not possible."""
    if not available():
        return False
    insns = _program(*_ARCHES[platform.machine()])
    array = (_Insn * len(insns))(*insns)
    prog = _Prog(len(insns), array)
    libc = ctypes.CDLL(None, use_errno=True)
    if (
        libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
        or libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0
    ):
        log.warning(
            "cannot forbid network sockets in query threads: %s",
            errno.errorcode.get(ctypes.get_errno(), "?"),
        )
        return False
    return True
