# ch08_similarities.gp - the cosine similarities between ten test images
# (rows, one of each class) and ten captions (columns), before and after
# training the two encoders together: blue where an image and a caption
# point the same way, red where they point apart. Column i is row i's own
# caption, so the matching pairs sit on the diagonal (outlined).
# 'with image pixels' draws each cell as a rectangle: a browser would blur
# a small grid drawn as one picture when it scales the SVG.
eval figure(page_width, 3.6)
unset grid
set datafile nocolumnheaders  # the names head the rows and columns
# diverging: white at 0, so the sign of a cosine reads at a glance
set palette defined (-1 '#b2182b', -0.5 '#ef8a62', -0.15 '#fddbc7', 0 '#ffffff', \
                     0.15 '#d1e5f0', 0.5 '#67a9cf', 1 '#2166ac')
set cbrange [-1:1]
set size noratio
set border 15 lc rgb '#808080' lw 0.5
set tics scale 0 font small_font
set xtics rotate by 50 right offset 0.6, 0.2
set autoscale xfix
set autoscale yfix
set yrange [*:*] reverse
do for [i = 0:9] {
    set object i + 1 rect from i - 0.45, i - 0.45 to i + 0.45, i + 0.45 \
        fs empty border lc rgb '#303030' lw 0.8 front
}
# two square panels side by side, the rows named once, and one colour box
set multiplot
set tmargin at screen 0.92
set bmargin at screen 0.27
set lmargin at screen 0.13
set rmargin at screen 0.50
set title 'before training' offset 0, -0.6
unset colorbox
plot file('similarities_before.tsv') matrix rowheaders columnheaders \
         with image pixels notitle
set lmargin at screen 0.54
set rmargin at screen 0.90
set title 'after training'
unset ytics   # the same ten images as on the left
set colorbox user origin screen 0.925, screen 0.27 size screen 0.018, screen 0.65
set cbtics -1, 0.5, 1 scale 0.4 out font small_font
set label 1 'cosine' at screen 0.934, screen 0.955 center font small_font
plot file('similarities_after.tsv') matrix rowheaders columnheaders \
         with image pixels notitle
unset multiplot
