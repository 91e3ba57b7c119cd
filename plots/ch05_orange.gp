# ch05_orange.gp - the soft look-up of "orange", which is not a key of the
# dictionary: the weight of each key (left), and the blended value next to
# the query and to the nearest value (right).
eval figure(6.2, 2.8)
set multiplot layout 1, 2
set bmargin 4   # room for two-line key names under the bars
set style fill solid 0.85 border -1
set grid ytics noxtics

set title 'weights for the query "orange"'
set boxwidth 0.6
set yrange [0:1]
set ylabel 'weight'
set xtics scale 0
# The reference run's bars, dashed outlines, when make plots has one.
refs = !ref_on ? '' : ", ref_file('fruit_weights.tsv') using 0:4:(0.6) " . ref_box
plot file('fruit_weights.tsv') using 0:4:xtic(sprintf("%s\n→ %s", strcol(1), strcol(2))) \
         with boxes lc rgb '#0072B2' notitle, \
     '' using 0:($4 + 0.04):(sprintf('%.2f', $4)) with labels notitle \
     @refs

set title 'the answer, feature by feature'
set style data histogram
set style histogram cluster gap 1.2
set boxwidth 0.9
set yrange [0:3]
set ytics 0, 0.5, 2
set ylabel 'feature value'
set key top right vertical samplen 1.5 font ',8'
refs = !ref_on ? '' : ", ref_file('fruit_blend.tsv') " . \
    "using (bar_x($0, 1, 3, 1.2)):3:(bar_width(3, 1.2)) " . ref_box
plot file('fruit_blend.tsv') using 2:xtic(1) lc rgb '#E69F00' title columnhead, \
     '' using 3 lc rgb '#0072B2' title columnhead, \
     '' using 4 lc rgb '#999999' title columnhead \
     @refs @ref_key
unset multiplot
