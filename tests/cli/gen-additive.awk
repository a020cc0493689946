# gen-additive.awk: writes a GENIUS folder with NI issues of NV values and two opposed additive
# profiles (deterministic pseudo-random weights and evaluations), for the large-space tests.
# usage: awk -v dir=DIR -v ni=20 -v nv=10 -f gen-additive.awk
function rnd() { seed = (seed * 1103515245 + 12345) % 2147483648; return seed }
BEGIN {
    seed = 7
    d = dir "/big-domain.xml"
    print "<negotiation_template>\n<utility_space number_of_issues=\"" ni "\">" > d
    print "<objective etype=\"objective\" index=\"0\" name=\"root\" type=\"objective\">" > d
    for (i = 1; i <= ni; i++) {
        print "<issue etype=\"discrete\" index=\"" i "\" name=\"i" i "\" type=\"discrete\" vtype=\"discrete\">" > d
        for (v = 1; v <= nv; v++) print "<item index=\"" v "\" value=\"v" v "\"/>" > d
        print "</issue>" > d
    }
    print "</objective>\n</utility_space>\n</negotiation_template>" > d
    for (p = 1; p <= 2; p++) {
        f = dir "/big-profile-" p ".xml"
        print "<utility_space>\n<reservation value=\"0.3\"/>" > f
        print "<objective etype=\"objective\" index=\"0\" name=\"root\" type=\"objective\">" > f
        for (i = 1; i <= ni; i++) {
            print "<issue etype=\"discrete\" index=\"" i "\" name=\"i" i "\" type=\"discrete\" vtype=\"discrete\">" > f
            for (v = 1; v <= nv; v++) {
                e = (p == 1 ? v : nv + 1 - v) * 10 + rnd() % 10
                print "<item index=\"" v "\" value=\"v" v "\" evaluation=\"" e "\"/>" > f
            }
            print "</issue>" > f
        }
        for (i = 1; i <= ni; i++) print "<weight index=\"" i "\" value=\"" (1 + rnd() % 9) / (5 * ni) "\"/>" > f
        print "</objective>\n</utility_space>" > f
    }
}
