# ch02_codes.gp - the 2-D codes (m = 2) of the 10,000 test images, one
# colour per class. The auto-encoder never saw a label.
eval figure(6.0, 4.2)
class_name(c) = c == 0 ? 'T-shirt/top' : c == 1 ? 'Trouser' : \
    c == 2 ? 'Pullover' : c == 3 ? 'Dress' : c == 4 ? 'Coat' : \
    c == 5 ? 'Sandal' : c == 6 ? 'Shirt' : c == 7 ? 'Sneaker' : \
    c == 8 ? 'Bag' : 'Ankle boot'
set key outside right top spacing 1.2 samplen 0.5
set xlabel 'z_1'
set ylabel 'z_2'
set size ratio -1
# The dots are small; the legend gets larger ones of its own (NaN plots).
plot for [c = 0:9] file('codes.tsv') using ($3 == c ? $1 : NaN):2 \
         with points pt 7 ps 0.25 lc rgb class_rgb(c) notitle, \
     for [c = 0:9] NaN with points pt 7 ps 1.2 lc rgb class_rgb(c) \
         title class_name(c)
