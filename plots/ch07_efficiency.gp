# ch07_efficiency.gp - label efficiency: test accuracy against labels per
# class, from scratch and from each pretrained encoder, frozen (final
# layer) or fine-tuned; each point the mean of the seeds, the bar from
# the lowest to the highest.
eval figure(6.3, 2.7)
set multiplot layout 1, 3 margins 0.09, 0.99, 0.16, 0.9 spacing 0.03, 0
set logscale x
set xrange [0.7:9000]
set yrange [20:92]
set ytics 10
set xtics ('1' 1, '5' 5, '10' 10, '50' 50, '100' 100, '500' 500, 'all' 6000)
set grid xtics ytics
# "all" is 6,000 per class: plot it there.
x(n) = n > 0 ? n : 6000
do for [k = 0:2] {
    set title word("auto-encoder masked contrastive", k + 1) . (k == 0 ? ' (ch02)' : k == 1 ? ' (ch03)' : ' (ch06)') font ',9'
    if (k == 0) { set ylabel 'test accuracy (%)'; set format y '%g' } else { unset ylabel; set format y '' }
    set xlabel 'labels per class'
    if (k == 2) {
        set key bottom right samplen 2 spacing 0.9 font ',8' opaque box lc rgb '#ffffff'
    } else {
        unset key
    }
    c = 6 + 6 * k   # this encoder's final-layer mean; fine-tuned at c + 3
    plot file('efficiency.tsv') using (x($1)):(100*$3):(100*$4):(100*$5) with yerrorlines lc rgb '#808080' lw 1.5 pt 6 ps 0.45 title 'from scratch', \
         '' using (x($1)):(100*column(c)):(100*column(c+1)):(100*column(c+2)) with yerrorlines lc rgb '#0072B2' lw 1.5 pt 7 ps 0.45 title 'final layer (f frozen)', \
         '' using (x($1)):(100*column(c+3)):(100*column(c+4)):(100*column(c+5)) with yerrorlines lc rgb '#D55E00' lw 1.5 pt 5 ps 0.45 title 'fine-tuned'
}
unset multiplot
