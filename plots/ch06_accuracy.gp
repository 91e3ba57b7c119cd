# ch06_accuracy.gp - what each representation is worth: test accuracy of a
# linear probe and of a k-nearest-neighbour vote.
eval figure(6.0, 2.8)
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set yrange [50:100]  # the differences are a few points; room for the key
set ylabel 'test accuracy (%)'
set key top left
set grid ytics
set xtics scale 0
set bmargin 4.5  # room for the labels' three lines
# A label of three lines, the name's first word, the rest of it and its
# size, so that neighbours do not run into each other even in the wider
# font a browser may substitute.
rest(s) = substr(s, strlen(word(s, 1)) + 2, strlen(s))
name(s, size) = sprintf("%s\n%s\n(%d numbers)", word(s, 1), rest(s), size)
# The reference run's bars, dashed outlines, when make plots has one.
refs = !ref_on ? '' : \
    ", ref_file('accuracy.tsv') using (bar_x($0, 0, 2, 1)):($3 * 100):(bar_width(2, 1)) " . ref_box . \
    ", ref_file('accuracy.tsv') using (bar_x($0, 1, 2, 1)):($4 * 100):(bar_width(2, 1)) " . ref_box
plot file('accuracy.tsv') using ($3 * 100):xtic(name(stringcolumn(1), $2)) \
         lc rgb '#0072B2' title 'linear probe', \
     '' using ($4 * 100) lc rgb '#E69F00' title 'k nearest neighbours', \
     '' using ($0 - 0.18):($3 * 100 + 2):(sprintf('%.1f', $3 * 100)) \
         with labels notitle, \
     '' using ($0 + 0.18):($4 * 100 + 2):(sprintf('%.1f', $4 * 100)) \
         with labels notitle \
     @refs @ref_key
