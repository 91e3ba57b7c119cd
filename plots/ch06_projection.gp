# ch06_projection.gp - the test representations in 2-D (their first two
# principal components), one colour per class: the contrastive encoder's
# (left) and the auto-encoder's codes of the same size (right).
eval figure(6.0, 3.4)
class_name(c) = c == 0 ? 'T-shirt/top' : c == 1 ? 'Trouser' : \
    c == 2 ? 'Pullover' : c == 3 ? 'Dress' : c == 4 ? 'Coat' : \
    c == 5 ? 'Sandal' : c == 6 ? 'Shirt' : c == 7 ? 'Sneaker' : \
    c == 8 ? 'Bag' : 'Ankle boot'
# Fixed margins, and the key placed on the screen, so that both panels
# get the same width (a key outside one panel would shrink that one).
set multiplot layout 1, 2 margins 0.02, 0.80, 0.04, 0.90 spacing 0.03
unset key
set format x ''
set format y ''
set title 'contrastive encoder'
plot for [c = 0:9] file('projection.tsv') using ($5 == c ? $1 : NaN):2 \
         with points pt 7 ps 0.2 lc rgb class_rgb(c) notitle
set title 'auto-encoder'
set key at screen 0.99, 0.88 right top spacing 1.1 samplen 0.5
plot for [c = 0:9] file('projection.tsv') using ($5 == c ? $3 : NaN):4 \
         with points pt 7 ps 0.2 lc rgb class_rgb(c) notitle, \
     for [c = 0:9] NaN with points pt 7 ps 1.0 lc rgb class_rgb(c) \
         title class_name(c)
unset multiplot
