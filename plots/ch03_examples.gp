# ch03_examples.gp - eight test images at each mask ratio: the original,
# what the masked auto-encoder is given (hidden patches grey), and the
# image with its holes painted back by the model.
eval figure(6.0, 6.6)
eval picture_style
set lmargin 13
set yrange [252:0]
set xrange [0:224]
do for [r = 0:2] {
    do for [k = 0:2] {
        set label (k == 0 ? 'original' : k == 1 ? sprintf('%d%% hidden', 25 * (r + 1)) : 'painted') \
            at -4, 28 * (3 * r + k) + 14 right
    }
}
plot file('examples.tsv') using 1:2:3 with image
