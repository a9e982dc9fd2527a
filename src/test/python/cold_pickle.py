"""One measurement of Python's pickle in a new process, as ColdRun is for the JVM side.

    python3 cold_pickle.py <records|doubles> <save|load> <directory> [size]

The shapes are labtech's benchmark shapes as a Python user holds them: a list of (str, int, float)
tuples, and a numpy float64 array. Prints ``ms=<time> check=<size>:<last element>``, the time from
opening the file to the value in hand (loads) or from the value in hand to the file closed (saves),
with numpy and pickle imported before the clock starts: what labtech's PickleCache does on a hit.
"""
import os
import pickle
import sys
import time

import numpy

RECORDS = 1_000_000
DOUBLES = 12_500_000


def main():
    shape, op, directory = sys.argv[1], sys.argv[2], sys.argv[3]
    size = int(sys.argv[4]) if len(sys.argv) > 4 else (RECORDS if shape == "records" else DOUBLES)
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "pickle-" + shape + ".pickle")
    if op == "save":
        if shape == "records":
            value = [("point-number-" + str(i), i, i * 0.5) for i in range(size)]
        else:
            value = numpy.arange(size, dtype=numpy.float64) * 0.5
        start = time.perf_counter_ns()
        with open(path, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
    else:
        start = time.perf_counter_ns()
        with open(path, "rb") as file:
            value = pickle.load(file)
    elapsed = time.perf_counter_ns() - start
    print("ms=%.1f check=%d:%s" % (elapsed / 1e6, len(value), value[-1]))


if __name__ == "__main__":
    main()
