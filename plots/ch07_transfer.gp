# ch07_transfer.gp - learning sandals, shirts, sneakers, bags and ankle
# boots from 10 or 100 labels per class, with chapter 02's encoder
# pretrained (without labels) on different images; mean of the seeds,
# the bars from the lowest to the highest. The axis starts at a multiple
# of 10 at least 5 points below the lowest seed (50% for the full run).
eval figure(6.0, 3.2)
eval column_range(file('transfer.tsv'), 2, 13)
set style data histograms
set style histogram errorbars gap 1.5 lw 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set yrange [10 * floor((range_low - 5) / 10):100]
set xrange [-0.6:3.6]
set xlabel 'the encoder f was pretrained, without labels, on'
set ylabel 'test accuracy (%)'
set grid noxtics ytics
set xtics scale 0
set key top left horizontal maxrows 2 samplen 1.5 width 1 font ',8'
# The reference run's means, dashed outlines, when make plots has one.
ref_bar(j, col) = sprintf(", ref_file('transfer.tsv') using (bar_x($0, %d, 4, 1.5)):(100 * $%d):(bar_width(4, 1.5)) %s", \
                          j, col, ref_box)
refs = !ref_on ? '' : ref_bar(0, 2) . ref_bar(1, 5) . ref_bar(2, 8) . ref_bar(3, 11)
plot file('transfer.tsv') using (100 * $2):(100 * $3):(100 * $4):xtic(1) lc rgb '#9ecae1' title 'final layer, 10 labels per class', \
     '' using (100 * $5):(100 * $6):(100 * $7) lc rgb '#fdae6b' title 'fine-tuned, 10', \
     '' using (100 * $8):(100 * $9):(100 * $10) lc rgb '#0072B2' title 'final layer, 100', \
     '' using (100 * $11):(100 * $12):(100 * $13) lc rgb '#D55E00' title 'fine-tuned, 100' \
     @refs @ref_key
