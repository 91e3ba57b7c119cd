# ch02_between.gp - images decoded along straight lines between the codes
# of two test images (m = 32), for four pairs.
eval figure(6.0, 2.8)
eval picture_style
set yrange [112:0]
set xrange [0:280]
plot file('between.tsv') using 1:2:3 with image
