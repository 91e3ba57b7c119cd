# ch05_heatmaps.gp - the attention weights of the trained layer on two
# held-out examples: a row per query, a column per key, dark where the
# weight is large. Circles mark the key each query matches.
# Two examples, the two the chapter reads (the program writes three), so
# that each is large enough for every query and key to be numbered at
# 8 pt and a cell such as "query 14, key 9" can be found: faint lines
# between the cells lead from a number to its row or column.
# 'with image pixels' draws each cell as a rectangle: a browser would blur
# a small grid drawn as one picture when it scales the SVG.
eval figure(page_width, 3.2)
unset grid
set datafile nocolumnheaders  # the names head the rows and columns
set palette defined (0 '#ffffff', 0.3 '#9ecae1', 1 '#08306b')
set cbrange [0:1]
unset colorbox
set size ratio -1
set border 15 lc rgb '#808080' lw 0.5
set tics scale 0 font small_font
set xlabel 'key'
set ylabel 'query'
set autoscale xfix
set autoscale yfix
set yrange [*:*] reverse
set tmargin at screen 0.92
set bmargin at screen 0.14
do for [i = 0:16] {
    set arrow from i - 0.5, graph 0 to i - 0.5, graph 1 nohead front lc rgb '#e0e0e0' lw 0.4
    set arrow from graph 0, first i - 0.5 to graph 1, first i - 0.5 nohead front lc rgb '#e0e0e0' lw 0.4
}
set multiplot
do for [e = 1:2] {
    set title sprintf('held-out example %d', e)
    set lmargin at screen (e == 1 ? 0.06 : 0.50)
    set rmargin at screen (e == 1 ? 0.44 : 0.88)
    if (e == 2) {
        # One scale for both, beside the second.
        set colorbox user origin screen 0.915, screen 0.16 size screen 0.018, screen 0.74
        set cbtics 0.2 scale 0.4 out
        set cblabel 'weight' offset -0.5, 0
    }
    plot file(sprintf('recall_attention_%d.tsv', e)) matrix rowheaders columnheaders \
             with image pixels notitle, \
         file(sprintf('recall_match_%d.tsv', e)) using 2:1 skip 1 \
             with points pt 6 ps 0.9 lw 1.5 lc rgb '#D55E00' notitle
}
unset multiplot
