# ch05_sharpness.gp - the weights of the three keys for "orange" as the
# scores are multiplied by a growing sharpness (an inverse temperature):
# from an even average of everything to a hard look-up of one key.
eval figure(5.6, 3.0)
set xlabel 'sharpness (multiplies every score)'
set ylabel 'weight'
set yrange [0:1]
set xrange [0:3]
set key center right
set arrow from 0.5, 0 to 0.5, 1 nohead ls 11
set label '1/√d: scaled dot-product' at 0.53, 0.93 left font ',8'
# The reference run, dashed, when make plots has one.
refs = !ref_on ? '' : \
    ", ref_file('fruit_sharpness.tsv') using 1:2 " . ref_line(1) . \
    ", ref_file('fruit_sharpness.tsv') using 1:3 " . ref_line(2) . \
    ", ref_file('fruit_sharpness.tsv') using 1:4 " . ref_line(3)
plot file('fruit_sharpness.tsv') using 1:2 with lines ls 1 title 'apple → pomme', \
     '' using 1:3 with lines ls 2 title 'banana → banane', \
     '' using 1:4 with lines ls 3 title 'lemon → citron' \
     @refs @ref_key
