#!/bin/bash
# explore_ranks: `mpirun -np K parley explore` prints the same bytes for K = 1, 2 and 3 as one
# process, also when K does not divide the worlds or exceeds them, and says a bad file's error
# once; the simulate and forecast engines too, where built. Registered only in the
# -DPARLEY_MPI=ON build (make mpi-check). $PARLEY is that build's tool; $PARLEY_PLAIN, when set,
# the plain build's (the reference); else $PARLEY run without a launcher (MPI is then not
# initialised). Ranks run on this machine (loopback, oversubscribed).
. "$(dirname "$0")/../cli/lib.sh"

mpiexec=${MPIEXEC:-}
case "$mpiexec" in ""|*NOTFOUND*) mpiexec=$(command -v mpirun || command -v mpiexec || true) ;; esac
if [ -z "$mpiexec" ] || ! [ -x "$mpiexec" ]; then
    echo "skipped: mpirun not found (Debian: apt-get install openmpi-bin)"
    exit 77
fi
flags=(--oversubscribe)
[ "$(id -u)" = 0 ] && flags+=(--allow-run-as-root)
# extra launcher flags from the environment, e.g. MPIEXEC_FLAGS='--mca btl self,tcp'
read -r -a extra <<<"${MPIEXEC_FLAGS:-}"
mpi() { local np=$1; shift; "$mpiexec" "${flags[@]}" "${extra[@]}" -np "$np" "$PARLEY" "$@"; }
ref=${PARLEY_PLAIN:-$PARLEY}
doha="$src/examples/doha-2024.yaml"
cd "$src" || exit 1

# the issue's case: 2000 worlds, seed 7, JSON
"$ref" explore examples/doha-2024.yaml --worlds 2000 --seed 7 --json -q >"$tmp/ref.json" || bad "reference run"
grep -q '"worlds": 2000' "$tmp/ref.json" && ok || bad "reference has 2000 worlds"
if [ -n "${PARLEY_PLAIN:-}" ]; then
    "$PARLEY" explore examples/doha-2024.yaml --worlds 2000 --seed 7 --json -q >"$tmp/nolaunch.json"
    cmp -s "$tmp/ref.json" "$tmp/nolaunch.json" && ok || bad "the MPI build without mpirun differs from the plain build"
fi
for np in 1 2 3; do
    mpi $np explore examples/doha-2024.yaml --worlds 2000 --seed 7 --json -q >"$tmp/np$np.json" 2>"$tmp/np$np.err" \
        || { bad "mpirun -np $np failed"; cat "$tmp/np$np.err" >&2; continue; }
    cmp -s "$tmp/ref.json" "$tmp/np$np.json" && ok || { bad "-np $np: JSON differs"; diff "$tmp/ref.json" "$tmp/np$np.json" | head >&2; }
done

# 1001 worlds over 2 and 3 ranks (blocks of 501/500 and 334/334/333), the text report with a
# stated uncertain value, 2 threads per rank and Sobol indices (rank 0's)
fr='actors.Far-right partners.reservation={triangular: [0.5, 0.85, 0.95]}'
"$ref" explore "$doha" --worlds 1001 --seed 11 --set "$fr" --sobol 20 --threads 2 -q >"$tmp/ref.txt" || bad "reference text run"
grep -q "^1001 worlds, seed 11" "$tmp/ref.txt" && ok || bad "reference text has 1001 worlds"
for np in 2 3; do
    mpi $np explore "$doha" --worlds 1001 --seed 11 --set "$fr" --sobol 20 --threads 2 -q >"$tmp/t$np.txt" 2>"$tmp/t$np.err" \
        || { bad "mpirun -np $np (1001 worlds) failed"; cat "$tmp/t$np.err" >&2; continue; }
    cmp -s "$tmp/ref.txt" "$tmp/t$np.txt" && ok || { bad "-np $np: 1001-world text differs"; diff "$tmp/ref.txt" "$tmp/t$np.txt" | head >&2; }
done

# more ranks than worlds: rank 2 samples none
"$ref" explore "$doha" --worlds 2 --seed 3 --json -q --no-flips >"$tmp/ref2.json"
mpi 3 explore "$doha" --worlds 2 --seed 3 --json -q --no-flips >"$tmp/np3w2.json" 2>"$tmp/err" || bad "-np 3 with 2 worlds failed"
cmp -s "$tmp/ref2.json" "$tmp/np3w2.json" && ok || bad "-np 3 with 2 worlds differs"

# a bad file fails on every rank, and is said once
mpi 3 explore "$tmp/missing.yaml" >"$tmp/out" 2>"$tmp/err"
[ $? -ne 0 ] && ok || bad "a missing file exits 0 under mpirun"
n=$(grep -c "missing.yaml: cannot open" "$tmp/err")
[ "$n" = 1 ] && ok || { bad "the error was said $n times, not once"; cat "$tmp/err" >&2; }
[ ! -s "$tmp/out" ] && ok || bad "a failed run printed to stdout"

# the other engines, where this tree has them: simulate and forecast split the same way
if "$ref" explore --help 2>&1 | grep -q "simulate"; then
    for eng in simulate forecast; do
        "$ref" explore examples/doha-2024.yaml --engine $eng --worlds 101 --seed 4 --json -q >"$tmp/ref-$eng.json" \
            || bad "reference --engine $eng"
        for np in 2 3; do
            mpi $np explore examples/doha-2024.yaml --engine $eng --worlds 101 --seed 4 --json -q \
                >"$tmp/$eng$np.json" 2>"$tmp/err" || { bad "--engine $eng -np $np failed"; cat "$tmp/err" >&2; }
            cmp -s "$tmp/ref-$eng.json" "$tmp/$eng$np.json" && ok || bad "--engine $eng -np $np differs"
        done
    done
    ktab="${PL_SHARED_DATA:-$src/../shared/data}/ktab/dummyData-a040.csv"
    if [ -f "$ktab" ]; then
        "$ref" explore "$ktab" --engine forecast --worlds 30 --json -q >"$tmp/ref-ktab.json" || bad "reference KTAB forecast"
        mpi 3 explore "$ktab" --engine forecast --worlds 30 --json -q >"$tmp/ktab3.json" 2>"$tmp/err" || bad "KTAB forecast -np 3 failed"
        cmp -s "$tmp/ref-ktab.json" "$tmp/ktab3.json" && ok || bad "KTAB forecast -np 3 differs"
    else skip "KTAB forecast over ranks: $ktab is absent"; fi
else skip "--engine simulate and forecast: not in this build"; fi

finish 10
