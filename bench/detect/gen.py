#!/usr/bin/python3
"""Generate mixed French/English text with planted personal identifiers.

Usage: gen.py OUT SIZE_MB [SEED] [--dense]
Writes OUT (about SIZE_MB megabytes) and OUT.truth (one line per planted
identifier: line number, kind, value). Every value is synthetic. Planted:
valid NAM (with their check digit), Luhn-valid SIN, birth dates next to
birth-date wording, and look-alikes that must NOT be reported (month 13,
30 February, Luhn-invalid nine digits, dates without context).
With --dense every line also starts like a log line (timestamp, request
id, amount): digits everywhere, the worst case for vigie's prefilter.
"""
import random
import sys

FR = ("Le patient a été vu à la clinique pour un suivi de routine. "
      "La Régie confirme la réception du formulaire de renouvellement. "
      "Veuillez consulter votre dossier en ligne pour plus de détails. "
      "Les témoins essentiels sont nécessaires au bon fonctionnement du site. ").split(". ")
EN = ("The appointment was moved to next week at the patient's request. "
      "Our records show the renewal form was received and processed. "
      "Please sign in to your online file for more information. "
      "Essential cookies are required for the website to operate. ").split(". ")
W = [1, 3, 7, 9, 1, 7, 1, 3, 4, 5, 7, 6, 9, 1]


def ebcdic(ch):
    return ch.encode("cp500")[0]


def nam(rng):
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(4))
    year = rng.randint(1930, 1999)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    female = rng.random() < 0.5
    eleventh = str(rng.randint(1, 9))
    seq = list(letters) + list(f"{year:04d}") + ["F" if female else "M"] + \
        list(f"{month:02d}") + list(f"{day:02d}") + [eleventh]
    check = sum(w * ebcdic(c) for w, c in zip(W, seq)) % 10
    mm = month + (50 if female else 0)
    return f"{letters} {year % 100:02d}{mm:02d} {day:02d}{eleventh}{check}"


def luhn_ok(digits):
    total = 0
    for i, d in enumerate(digits):
        v = int(d)
        if i % 2 == 1:
            v *= 2
            if v > 9:
                v -= 9
        total += v
    return total % 10 == 0


def sin(rng, valid=True):
    while True:
        d = str(rng.choice([1, 2, 3, 4, 5, 6, 7, 9])) + "".join(
            str(rng.randint(0, 9)) for _ in range(8))
        if luhn_ok(d) == valid:
            return f"{d[0:3]} {d[3:6]} {d[6:9]}"


def dob(rng):
    y, m, d = rng.randint(1930, 2005), rng.randint(1, 12), rng.randint(1, 28)
    months_fr = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
                 "août", "septembre", "octobre", "novembre", "décembre"]
    style = rng.randint(0, 2)
    if style == 0:
        return "Date de naissance : ", f"{y:04d}-{m:02d}-{d:02d}"
    if style == 1:
        return "née le ", f"{d} {months_fr[m - 1]} {y}"
    return "Date of birth: ", f"{d:02d}/{m:02d}/{y:04d}"


def main():
    dense = "--dense" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--dense"]
    out, size_mb = args[0], int(args[1])
    rng = random.Random(int(args[2]) if len(args) > 2 else 2026)
    target = size_mb * 1024 * 1024
    written = 0
    line_no = 0
    with open(out, "w", encoding="utf-8") as f, open(out + ".truth", "w") as t:
        while written < target:
            line_no += 1
            parts = [rng.choice(FR if rng.random() < 0.5 else EN) for _ in range(3)]
            r = rng.random()
            if r < 0.02:
                v = nam(rng)
                parts.insert(1, f"NAM {v}")
                t.write(f"{line_no}\tnam\t{v}\n")
            elif r < 0.04:
                v = sin(rng)
                parts.insert(1, f"NAS {v}")
                t.write(f"{line_no}\tsin\t{v}\n")
            elif r < 0.06:
                ctx, v = dob(rng)
                parts.insert(1, ctx + v)
                t.write(f"{line_no}\tdob\t{v}\n")
            elif r < 0.08:
                # look-alikes: must not be reported
                parts.insert(1, rng.choice([
                    "ref ABCD 5413 1511", "ref TREM 5402 3011",
                    f"commande {sin(rng, valid=False)}", "rendez-vous le 2024-01-15",
                    "y = sin(0.5)"]))
            line = ". ".join(parts) + ".\n"
            if dense:
                line = (f"[12:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}] "
                        f"req={rng.randint(10000, 99999)} amount={rng.randint(1, 999)}."
                        f"{rng.randint(0, 99):02d} ") + line
            f.write(line)
            written += len(line.encode("utf-8"))


if __name__ == "__main__":
    main()
