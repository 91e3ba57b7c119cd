# ch08_zeroshot.gp - classifying the test images by words alone. Left: the
# accuracy of choosing, for each image, the class whose caption lies
# nearest: before training, after training with the captions it was
# trained on, with sentence templates it never saw, and with synonyms it
# never saw (gown, cloak, purse); against a linear probe trained on every
# label, and chance (dashed). Right: the three classes with a held-out
# synonym, each named by its training name (blue) or its synonym
# (orange), accuracy on that class's test images; the arrow names the
# class its images were most often taken for when named by the synonym.
eval figure(page_width, 2.8)
seen_rgb = '#0072B2'
synonym_rgb = '#E69F00'
bar_rgb(m) = m eq 'untrained, seen captions' ? 0xa0a0a0 : \
             m eq '3 held-out synonyms' ? 0xE69F00 : \
             m eq 'linear probe (all labels)' ? 0x505050 : 0x0072B2
stats file('zeroshot.tsv') using (strcol(1) eq 'chance' ? 100 * $2 : NaN) nooutput
chance = STATS_max
max(a, b) = a > b ? a : b   # a value is written right of the bar and the chance line
set style fill solid 0.9 noborder
set multiplot
# left: one bar per method, the chance row drawn as a dashed line instead
set lmargin at screen 0.25
set rmargin at screen 0.53
set tmargin at screen 0.90
set bmargin at screen 0.20
set title 'all ten classes' offset 0, -0.5
set xrange [0:112]
set xtics 0, 20, 100
set xlabel 'test accuracy (%)' offset 0, 0.4
set yrange [-4.8:0.6]
set ytics scale 0
set grid xtics noytics
set arrow 1 from chance, graph 0 to chance, graph 1 nohead dt 2 lc rgb '#404040' lw 1 back
set label 1 'chance' at chance + 1.5, -4.62 left font small_font textcolor rgb '#404040'
# The reference run's bars, dashed outlines, when make plots has one.
ref_bars = !ref_on ? '' : ", ref_file('zeroshot.tsv') " . \
    "using (strcol(1) eq 'chance' ? NaN : 50 * $2):(-$0):(50 * $2):(0.33) " . \
    "with boxxyerror fs empty lc rgb '#202020' " . ref_dash . " notitle"
ref_key_short = !ref_on ? '' : ", NaN with lines lc rgb '#404040' " . \
    ref_dash . " title 'reference'"   # one line of key over the bars
ref_classes = !ref_on ? '' : \
    ", ref_file('synonyms.tsv') using ($0 - 0.19):(100 * $3):(0.36) " . ref_box . \
    ", ref_file('synonyms.tsv') using ($0 + 0.19):(100 * $4):(0.36) " . ref_box
plot file('zeroshot.tsv') using (strcol(1) eq 'chance' ? NaN : 50 * $2):(-$0):(50 * $2):(0.33):(bar_rgb(strcol(1))):ytic(1) \
         with boxxyerror lc rgb variable, \
     '' using (strcol(1) eq 'chance' ? NaN : max(100 * $2, chance) + 1.5):(-$0):(sprintf('%.1f%%', 100 * $2)) \
         with labels left font small_font \
     @ref_bars
unset arrow 1
unset label 1
# right: each class by its seen name and by its held-out synonym
set lmargin at screen 0.63
set rmargin at screen 0.995
set title 'three classes, each named by' offset 0, -0.5
unset xlabel
set xrange [-0.55:2.55]
set xtics scale 0 font small_font
set yrange [0:125]   # room for the key above the bars
set ytics 0, 20, 100 scale 0.6
set ylabel 'accuracy on the class (%)' offset 1, 0
set grid noxtics ytics
set key at graph 0.5, graph 1.0 center top horizontal maxrows 1 reverse Left samplen 1 width 0 font small_font
plot file('synonyms.tsv') using ($0 - 0.19):(100 * $3):(0.36) with boxes lc rgb seen_rgb title 'seen name', \
     '' using ($0 + 0.19):(100 * $4):(0.36) with boxes lc rgb synonym_rgb title 'synonym', \
     '' using ($0 - 0.19):(100 * $3):(sprintf('%.0f', 100 * $3)) with labels center offset 0, 0.6 font small_font, \
     '' using ($0 + 0.19):(100 * $4):(sprintf('%.0f', 100 * $4)) with labels center offset 0, 0.6 font small_font, \
     '' using 0:(NaN):xtic(sprintf("%s / %s\n→ %s", strcol(1), strcol(2), strcol(5))) notitle \
     @ref_classes @ref_key_short
unset multiplot
