# ch01_data.gp - the two training sets: two spirals and three rings.
eval figure(6.0, 3.0)
set multiplot layout 1, 2
set size ratio -1
set xrange [-1.25:1.25]; set yrange [-1.25:1.25]
set xtics 1; set ytics 1
do for [name in "spirals rings"] {
    set title name
    plot file(name . '_data.tsv') using 1:2:(class_rgb($3)) \
        with points pt 7 ps 0.35 lc rgb variable
}
unset multiplot
