"""What SDL's disk audio driver wrote (48 kHz, stereo, 16-bit little-endian),
for the end-to-end tests that listen to the player rather than read its trace."""
import math
import struct

RATE = 48000


def left_channel(path, seconds):
    """The left channel of the first seconds of path, as integers."""
    data = open(path, "rb").read()
    samples = struct.unpack("<%dh" % (len(data) // 2), data[: len(data) // 2 * 2])
    return samples[0::2][: int(seconds * RATE)]


def mag(x, f):
    """Goertzel: the amplitude of frequency f (Hz) in the window x."""
    k = 2 * math.cos(2 * math.pi * f / RATE)
    a = b = 0.0
    for v in x:
        a, b = v + k * a - b, a
    return math.sqrt(max(a * a + b * b - k * a * b, 0)) * 2 / len(x)
