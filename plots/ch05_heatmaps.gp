# ch05_heatmaps.gp - the attention weights of the trained layer on three
# held-out examples: a row per query, a column per key, dark where the
# weight is large. Circles mark the key each query matches.
# 'with image pixels' draws each cell as a rectangle: a browser would blur
# a small grid drawn as one picture when it scales the SVG.
eval figure(6.4, 2.6)
unset grid
set datafile nocolumnheaders  # the names head the rows and columns
set palette defined (0 '#ffffff', 0.3 '#9ecae1', 1 '#08306b')
set cbrange [0:1]
unset colorbox
set size ratio -1
set border 15 lc rgb '#808080' lw 0.5
set tics scale 0 font ',6'
set xlabel 'key'
set ylabel 'query' offset 1, 0
set autoscale xfix
set autoscale yfix
set yrange [*:*] reverse
set multiplot layout 1, 3
do for [e = 1:3] {
    set title sprintf('held-out example %d', e)
    plot file(sprintf('recall_attention_%d.tsv', e)) matrix rowheaders columnheaders \
             with image pixels notitle, \
         file(sprintf('recall_match_%d.tsv', e)) using 2:1 skip 1 \
             with points pt 6 ps 0.8 lw 1.5 lc rgb '#D55E00' notitle
}
unset multiplot
