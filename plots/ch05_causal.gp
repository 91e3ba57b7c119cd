# ch05_causal.gp - causal self-attention over a row of fruits: row i is
# the weights of position i over positions 1..i. The grey triangle is
# the future, masked to weight exactly 0 (a weight that leaked into the
# future would be drawn in colour there).
# 'with image pixels' draws each cell as a rectangle: a browser would blur
# a small grid drawn as one picture when it scales the SVG.
eval figure(5.0, 4.4)
unset grid
set datafile nocolumnheaders  # the names head the rows and columns
set palette defined (0 '#ffffff', 0.3 '#9ecae1', 1 '#08306b')
set cbrange [0:1]
set cblabel 'weight'
set size ratio -1
set border 0
set tics scale 0
set xtics rotate by 45 right
set autoscale xfix
set autoscale yfix
set yrange [*:*] reverse
set xlabel 'looks at (key)'
set ylabel 'position (query)'
set object 1 rectangle from graph 0, 0 to graph 1, 1 behind fc rgb '#d9d9d9' fs solid noborder
plot file('causal.tsv') matrix rowheaders columnheaders \
         using 1:2:($1 > $2 && $3 == 0 ? NaN : $3) with image pixels notitle, \
     '' matrix rowheaders columnheaders \
         using 1:2:($1 > $2 && $3 == 0 ? '' : sprintf('%.2f', $3)):($3 > 0.6 ? 0xffffff : 0x000000) \
         with labels tc rgb variable notitle
