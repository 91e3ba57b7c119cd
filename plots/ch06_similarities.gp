# ch06_similarities.gp - the cosine similarities of the projections of
# sixteen views (two of each of eight test images), before and after
# training: dark where two views point the same way. Rows and columns 1
# to 8 are the first views, 1' to 8' the second, so each view's partner
# sits on one of the two diagonals away from the middle one.
# 'with image pixels' draws each cell as a rectangle: a browser would blur
# a small grid drawn as one picture when it scales the SVG.
eval figure(page_width, 3.3)
unset grid
set datafile nocolumnheaders  # the names head the rows and columns
set palette defined (-0.2 '#ffffff', 0.2 '#c6dbef', 0.6 '#4292c6', 1 '#08306b')
set cbrange [-0.2:1]
unset colorbox
set size ratio -1
set border 15 lc rgb '#808080' lw 0.5
set tics scale 0 font small_font
set autoscale xfix
set autoscale yfix
set yrange [*:*] reverse
set multiplot layout 1, 2
set title 'before training'
plot file('similarities_before.tsv') matrix rowheaders columnheaders \
         with image pixels notitle
set title 'after training'
plot file('similarities_after.tsv') matrix rowheaders columnheaders \
         with image pixels notitle
unset multiplot
