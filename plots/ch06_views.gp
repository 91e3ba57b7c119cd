# ch06_views.gp - eight test images (top row) and two augmented views of
# each (the rows below): what the encoder is asked to see as the same.
eval figure(6.0, 2.4)
eval picture_style
set lmargin 9
set yrange [84:0]
set xrange [0:224]
do for [r = 0:2] {
    set label (r == 0 ? 'image' : r == 1 ? 'view 1' : 'view 2') at -4, 28 * r + 14 right
}
plot file('views.tsv') using 1:2:3 with image
