"""Only a server that this machine alone can reach acts as the local admin."""

from __future__ import annotations

import socket

import pytest

from governance.access.actors import loopback_only


@pytest.mark.parametrize(
    ("address", "local"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),  # all of 127.0.0.0/8 is loopback
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        (" 127.0.0.1 ", True),
        ("", False),  # Streamlit binds every interface
        (None, False),
        ("0.0.0.0", False),
        ("::", False),
        ("[::]", False),
        ("192.168.1.20", False),
        ("10.0.0.5", False),
        ("fe80::1", False),
        ("example.invalid", False),  # does not resolve
    ],
)
def test_loopback_only(address, local):
    assert loopback_only(address) is local


def test_a_name_that_resolves_elsewhere_is_not_loopback(monkeypatch):
    def resolve(host, *_):
        assert host == "intranet-box"
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 0)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", 0)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    assert loopback_only("intranet-box") is False  # one address elsewhere is enough


def test_a_name_that_resolves_only_to_loopback_is(monkeypatch):
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda *_: [(socket.AF_INET6, 1, 6, "", ("::1", 0, 0, 0))]
    )
    assert loopback_only("my-laptop") is True
