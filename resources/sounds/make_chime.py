"""Make `chime.wav`, the timer's optional soft chime: `python make_chime.py`.

A small bell: two partials (a fundamental and a quieter, slightly inharmonic
overtone, as a real bell has), a short fade-in so it does not click, and an
exponential decay. Quiet on purpose (peak about a third of full scale): it
should be noticed in a hushed room, not startle anyone. 16-bit mono at
22,050 Hz, 1.2 seconds: about 53 KB. The output is the same on every run.
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from pathlib import Path

RATE = 22050
SECONDS = 1.2
PEAK = 0.32                       # of full scale
PARTIALS = ((659.25, 1.0, 2.2),   # E5: frequency (Hz), loudness, decay per second
            (1663.0, 0.35, 4.0))  # about 2.52x above it, fading sooner
ATTACK = 0.008                    # seconds of fade-in
RELEASE = 0.15                    # seconds of fade-out at the very end


def sample(t: float) -> float:
    tone = sum(level * math.exp(-decay * t) * math.sin(2 * math.pi * freq * t)
               for freq, level, decay in PARTIALS)
    envelope = min(1.0, t / ATTACK) * min(1.0, (SECONDS - t) / RELEASE)
    return tone * envelope


def chime_frames() -> bytes:
    count = int(RATE * SECONDS)
    loudest = sum(level for _, level, _ in PARTIALS)
    values = (sample(i / RATE) / loudest * PEAK for i in range(count))
    return b"".join(struct.pack("<h", round(v * 32767)) for v in values)


def write(path: Path) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(chime_frames())


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("chime.wav"))
