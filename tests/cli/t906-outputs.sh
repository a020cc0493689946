#!/usr/bin/env bash
# t906-outputs: every file parley writes (convert -o, simulate --trace, fit -o) goes through one
# atomic writer, which replaces only regular files (a symbolic link or a device at the target
# is refused, never turned into a regular file), keeps an existing file's mode, creates new
# files with the umask's mode (not always 0600), names its temporaries TARGET.parley-tmp.PID.N
# and removes those of dead writers on the next write; and when standard output fails
# (> /dev/full) every command exits 1 instead of losing its output with exit 0.
. "$(dirname "$0")/lib.sh"
ex="$src/examples/trade-deal.yaml"
deu=$src/../shared/data/deu3
[ -d "$deu" ] || deu=/work/shared/data/deu3
mode() { stat -c %a "$1"; }

# the three writers, each onto a symlink, a FIFO and a new file
echo keep >"$tmp/real.txt"
writers=("convert:$ex -o" "simulate:$ex --quiet --trace")
[ -f "$deu/issues.tsv" ] && writers+=("fit:$deu/issues.tsv --actors $deu/actors.tsv -o")
for w in "${writers[@]}"; do
    cmd=${w%%:*}
    read -r -a args <<<"${w#*:}"
    ln -sf "$tmp/real.txt" "$tmp/link-$cmd"
    expect_exit 1 "$cmd onto a symlink" -- "$PARLEY" "$cmd" "${args[@]}" "$tmp/link-$cmd"
    expect_grep "$tmp/err" "link-$cmd: cannot write output file: not a regular file (a symbolic link)" "$cmd onto a symlink"
    check "$cmd: the symlink is still a symlink" '[ -L "$tmp/link-$cmd" ]'
    check "$cmd: its target is unchanged" '[ "$(cat "$tmp/real.txt")" = keep ]'
    mkfifo "$tmp/fifo-$cmd"
    expect_exit 1 "$cmd onto a fifo" -- timeout 20 "$PARLEY" "$cmd" "${args[@]}" "$tmp/fifo-$cmd"
    expect_grep "$tmp/err" "fifo-$cmd: cannot write output file: not a regular file (a fifo)" "$cmd onto a fifo"
    check "$cmd: the fifo is still a fifo" '[ -p "$tmp/fifo-$cmd" ]'
    # new files: the umask's mode
    ( umask 022; "$PARLEY" "$cmd" "${args[@]}" "$tmp/new-$cmd" >/dev/null ) && ok || fail "$cmd: new file"
    check "$cmd: new file mode 644 under umask 022 (got $(mode "$tmp/new-$cmd"))" '[ "$(mode "$tmp/new-$cmd")" = 644 ]'
    # an existing file keeps its mode
    chmod 640 "$tmp/new-$cmd"
    ( umask 077; "$PARLEY" "$cmd" "${args[@]}" "$tmp/new-$cmd" >/dev/null ) && ok || fail "$cmd: rewrite"
    check "$cmd: existing file keeps mode 640 (got $(mode "$tmp/new-$cmd"))" '[ "$(mode "$tmp/new-$cmd")" = 640 ]'
    check "$cmd: no temporary left" '[ -z "$(ls "$tmp" | grep parley-tmp)" ]'
done
( umask 077; "$PARLEY" convert "$ex" -o "$tmp/private.yaml" ) && ok || fail "convert under umask 077"
check "umask 077: mode 600" '[ "$(mode "$tmp/private.yaml")" = 600 ]'
[ -c /dev/null ] && { expect_exit 1 "convert onto a device" -- "$PARLEY" convert "$ex" -o /dev/null
    expect_grep "$tmp/err" "/dev/null: cannot write output file: not a regular file (a device)" "convert onto a device"; }

# stale temporaries: a dead writer's (no process has PID 999999999) is removed, a live one's kept
echo stale >"$tmp/out.yaml.parley-tmp.999999999.0"
echo live >"$tmp/out.yaml.parley-tmp.$$.0"
echo other >"$tmp/other.yaml.parley-tmp.999999999.0"
expect_exit 0 "convert with stale temporaries" -- "$PARLEY" convert "$ex" -o "$tmp/out.yaml"
check "dead writer's temporary removed" '[ ! -e "$tmp/out.yaml.parley-tmp.999999999.0" ]'
check "live writer's temporary kept" '[ -e "$tmp/out.yaml.parley-tmp.$$.0" ]'
check "another target's temporary kept" '[ -e "$tmp/other.yaml.parley-tmp.999999999.0" ]'

# standard output on a full device: exit 1 with a message, for every command
if [ -w /dev/full ]; then
    runs=("check $ex" "analyze $ex" "simulate $ex" "mediate $ex" "forecast $src/examples/forecast-water.yaml"
          "convert $ex" "--version" "--help")
    [ -f "$deu/issues.tsv" ] && runs+=("backtest $deu/issues.tsv --actors $deu/actors.tsv"
                                       "fit $deu/issues.tsv --actors $deu/actors.tsv")
    for r in "${runs[@]}"; do
        read -r -a argv <<<"$r"
        "$PARLEY" "${argv[@]}" >/dev/full 2>"$tmp/err"
        rc=$?
        [ $rc = 1 ] && ok || fail "'$r' > /dev/full: exit $rc, want 1"
        expect_grep "$tmp/err" "cannot write to st" "'$r' > /dev/full: message"
    done
else
    skip "/dev/full is not writable here"
fi
finish 40
