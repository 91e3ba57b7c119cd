# ch01_embedding.gp - the 2-D representation the network learns, during
# training: the training points in the embedding, the classifier's regions
# there, and a regular grid over the input plane carried through the net.
eval figure(page_width, 3.5)
set multiplot layout 2, 4 margins 0.03, 0.99, 0.04, 0.90 spacing 0.03, 0.12
set title offset 0, -0.7
unset grid
set format x ''; set format y ''
set tics scale 0.3
do for [name in "spirals rings"] {
    stats file(name . '_embedding.tsv') using 1 nooutput
    snapshots = STATS_blocks
    do for [i = 0:3] {
        if (i < snapshots) {
            set xrange [*:*]; set yrange [*:*]   # stats obeys the ranges
            stats file(name . '_embedding.tsv') index i using 1 nooutput
            epoch = int(STATS_min)
            stats file(name . '_zregions.tsv') index i using 2:3 nooutput
            set xrange [STATS_min_x:STATS_max_x]
            set yrange [STATS_min_y:STATS_max_y]
            set title sprintf('%s, epoch %d', name, epoch)
            plot file(name . '_zregions.tsv') index i \
                     using 2:3:(tint(red($4), 0.6)):(tint(green($4), 0.6)):(tint(blue($4), 0.6)) \
                     with rgbimage, \
                 file(name . '_grid.tsv') index i using 4:5 with lines ls 10, \
                 file(name . '_embedding.tsv') index i using 2:3:(class_rgb($4)) \
                     with points pt 7 ps 0.2 lc rgb variable
        } else {
            set multiplot next
        }
    }
}
unset multiplot
