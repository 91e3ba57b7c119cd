# ch03_probes.gp - what each representation is worth to a linear classifier:
# test accuracy of softmax regression trained on it (60,000 images).
eval figure(6.0, 2.8)
set style fill solid 0.85 border -1
set boxwidth 0.6
# The axis starts at a multiple of 10 at least 5 points below the lowest
# accuracy (70% for the full run, lower for a short one), so that every
# bar shows, and its length still says something.
stats file('probes.tsv') using ($3 * 100) nooutput
start = 10 * floor((STATS_min - 5) / 10)
set xrange [start:5 * ceil((STATS_max + 4) / 5)]   # room for the labels
set yrange [4.6:-0.6]   # the first row of the file at the top
set xlabel 'test accuracy of a linear probe (%)'
set ytics scale 0
set grid xtics noytics
# The labels are about 2.1 in long at 9 pt: room for them in inches, the
# same in the PDF and the SVG (a margin in characters differs between them).
set lmargin at screen 0.38
# The reference run's bars, dashed outlines, when make plots has one.
refs = !ref_on ? '' : \
    ", ref_file('probes.tsv') using (($3 * 100 + start) / 2):0:(($3 * 100 - start) / 2):(0.3) " . \
    "with boxxyerror fs empty lc rgb '#202020' " . ref_dash . " notitle"
plot file('probes.tsv') using (($3 * 100 + start) / 2):0:(($3 * 100 - start) / 2):(0.3):ytic(sprintf('%s (%d)', stringcolumn(1), $2)) \
         with boxxyerror lc rgb '#0072B2' notitle, \
     '' using ($3 * 100 + 0.3):0:(sprintf('%.1f%%', $3 * 100)) with labels left notitle \
     @refs @ref_key
