# ch01_regions.gp - what the trained networks decide over the whole input
# plane: the colour of a region is the class, its strength the confidence.
eval figure(6.0, 3.0)
set multiplot layout 1, 2
set size ratio -1
set xrange [-1.25:1.25]; set yrange [-1.25:1.25]
set xtics 1; set ytics 1
unset grid
do for [name in "spirals rings"] {
    set title name . ': decision regions'
    plot file(name . '_regions.tsv') using 1:2:(tint(red($3), $4)):(tint(green($3), $4)):(tint(blue($3), $4)) \
             with rgbimage, \
         file(name . '_data.tsv') using 1:2:(class_rgb($3)) \
             with points pt 7 ps 0.25 lc rgb variable
}
unset multiplot
