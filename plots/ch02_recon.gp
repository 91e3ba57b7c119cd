# ch02_recon.gp - ten test images (top row) and what auto-encoders with
# codes of 2, 8 and 32 numbers make of them.
eval figure(6.0, 2.8)
eval picture_style
set lmargin 9
set yrange [112:0]
set xrange [0:280]
do for [r = 0:3] {
    set label (r == 0 ? 'original' : r == 1 ? 'm = 2' : r == 2 ? 'm = 8' : 'm = 32') \
        at -4, 28 * r + 14 right
}
plot file('recon.tsv') using 1:2:3 with image
