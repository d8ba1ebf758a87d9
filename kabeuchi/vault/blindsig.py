"""RSA blind signatures, RFC 9474, variant RSABSSA-SHA384-PSS-Randomized: both halves.

Server half (``key_generate``, ``blind_sign``, ``verify``): the organisation's monthly key signs a
blinded message it cannot read, and later verifies a finished token as an ordinary RSASSA-PSS
signature.  Client half (``prepare``, ``blind``, ``finalize``): what the browser does in
``static/kabeuchi/feedback-token.js``, here for tests and for API users.

Key generation and the final RSASSA-PSS verification use ``cryptography``; the blind signing is
the raw private operation s = z^d mod n (with CRT), checked against the public key before it is
returned (RFC 9474 §4.3, to never hand out a faulty signature that leaks a factor of n).
"""

from __future__ import annotations

import hashlib
import secrets

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

HASH_LEN = 48  # SHA-384
SALT_LEN = 48
PREFIX_LEN = 32
KEY_BITS = 2048


class BlindSigError(ValueError):
    """Any refusal: malformed input, a signature that does not verify, a faulty signing."""


def _os2ip(data: bytes) -> int:
    return int.from_bytes(data, "big")


def _i2osp(value: int, length: int) -> bytes:
    return value.to_bytes(length, "big")


def _mgf1(seed: bytes, length: int) -> bytes:
    out = bytearray()
    counter = 0
    while len(out) < length:
        out += hashlib.sha384(seed + counter.to_bytes(4, "big")).digest()
        counter += 1
    return bytes(out[:length])


# --- keys (server) ----------------------------------------------------------------------------

def key_generate() -> bytes:
    """A fresh RSA-2048 private key as DER (PKCS#8, unencrypted): stored like the period secret."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    return key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def private_key(der: bytes) -> rsa.RSAPrivateKey:
    return serialization.load_der_private_key(bytes(der), password=None)


def public_numbers(der: bytes) -> tuple[int, int]:
    """(n, e) of a stored private key."""
    numbers = private_key(der).public_key().public_numbers()
    return numbers.n, numbers.e


def public_key_from(n: int, e: int) -> rsa.RSAPublicKey:
    return rsa.RSAPublicNumbers(e, n).public_key()


# --- server ------------------------------------------------------------------------------------

def blind_sign(key: rsa.RSAPrivateKey, blinded_msg: bytes) -> bytes:
    """RFC 9474 §4.3 BlindSign: s = z^d mod n, verified (s^e == z) before it leaves."""
    priv = key.private_numbers()
    pub = priv.public_numbers
    n, e = pub.n, pub.e
    k_len = (n.bit_length() + 7) // 8
    if len(blinded_msg) != k_len:
        raise BlindSigError("unexpected input size")
    z = _os2ip(blinded_msg)
    if not 0 < z < n:
        raise BlindSigError("invalid message length")
    # CRT: the same value as pow(z, d, n), about three times faster
    s_p = pow(z % priv.p, priv.dmp1, priv.p)
    s_q = pow(z % priv.q, priv.dmq1, priv.q)
    s = s_q + priv.q * ((priv.iqmp * (s_p - s_q)) % priv.p)
    if pow(s, e, n) != z:
        raise BlindSigError("signing failure")
    return _i2osp(s, k_len)


def verify(public_key: rsa.RSAPublicKey, msg: bytes, sig: bytes) -> None:
    """Standard RSASSA-PSS verification (SHA-384, MGF1-SHA384, 48-byte salt); raises on failure."""
    try:
        public_key.verify(
            bytes(sig), bytes(msg),
            padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=SALT_LEN),
            hashes.SHA384(),
        )
    except (InvalidSignature, ValueError) as error:
        raise BlindSigError("invalid signature") from error


# --- client ------------------------------------------------------------------------------------

def prepare(msg: bytes, *, prefix: bytes | None = None) -> bytes:
    """RFC 9474 §4.1 Prepare (randomized): 32 random bytes, then the message."""
    prefix = secrets.token_bytes(PREFIX_LEN) if prefix is None else prefix
    if len(prefix) != PREFIX_LEN:
        raise BlindSigError("prefix must be 32 bytes")
    return prefix + msg


def emsa_pss_encode(msg: bytes, em_bits: int, *, salt: bytes | None = None) -> bytes:
    """RFC 8017 §9.1.1 with SHA-384, MGF1-SHA384 and a 48-byte salt."""
    m_hash = hashlib.sha384(msg).digest()
    em_len = (em_bits + 7) // 8
    if em_len < HASH_LEN + SALT_LEN + 2:
        raise BlindSigError("encoding error")
    salt = secrets.token_bytes(SALT_LEN) if salt is None else salt
    h = hashlib.sha384(b"\x00" * 8 + m_hash + salt).digest()
    db = b"\x00" * (em_len - SALT_LEN - HASH_LEN - 2) + b"\x01" + salt
    masked = bytearray(a ^ b for a, b in zip(db, _mgf1(h, em_len - HASH_LEN - 1), strict=True))
    masked[0] &= 0xFF >> (8 * em_len - em_bits)
    return bytes(masked) + h + b"\xbc"


def blind(n: int, e: int, msg: bytes, *, salt: bytes | None = None, r: int | None = None) -> tuple[bytes, int]:
    """RFC 9474 §4.2 Blind: (blinded_msg, inv).  ``msg`` is the prepared message."""
    import math

    k_bits = n.bit_length()
    k_len = (k_bits + 7) // 8
    m = _os2ip(emsa_pss_encode(msg, k_bits - 1, salt=salt))
    if math.gcd(m, n) != 1:
        raise BlindSigError("invalid input")
    while r is None:
        candidate = secrets.randbelow(n - 1) + 1
        if math.gcd(candidate, n) == 1:
            r = candidate
    inv = pow(r, -1, n)
    z = (m * pow(r, e, n)) % n
    return _i2osp(z, k_len), inv


def finalize(n: int, e: int, msg: bytes, blind_sig: bytes, inv: int) -> bytes:
    """RFC 9474 §4.4 Finalize: unblind and verify as RSASSA-PSS; raises if the server cheated."""
    k_len = (n.bit_length() + 7) // 8
    if len(blind_sig) != k_len:
        raise BlindSigError("unexpected input size")
    sig = _i2osp((_os2ip(blind_sig) * inv) % n, k_len)
    verify(public_key_from(n, e), msg, sig)
    return sig
