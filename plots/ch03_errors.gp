# ch03_errors.gp - the error on the hidden pixels of the test images: the
# masked auto-encoder against guessing each pixel's mean.
eval figure(5.0, 3.0)
set style data histogram
set style histogram cluster gap 1.5
set style fill solid 0.85 border -1
set boxwidth 0.9
set yrange [0:*]
set ylabel 'mean squared error, hidden pixels'
set xlabel 'part of each image hidden'
set key outside top center horizontal
# The reference run's bars, dashed outlines, when make plots has one.
refs = !ref_on ? '' : \
    ", ref_file('errors.tsv') using (bar_x($0, 0, 2, 1.5)):3:(bar_width(2, 1.5)) " . ref_box . \
    ", ref_file('errors.tsv') using (bar_x($0, 1, 2, 1.5)):2:(bar_width(2, 1.5)) " . ref_box
plot file('errors.tsv') using 3:xtic(sprintf('%d%%', int($1 * 100 + 0.5))) lc rgb '#999999' title 'mean image', \
     '' using 2 lc rgb '#0072B2' title 'masked auto-encoder' \
     @refs @ref_key
