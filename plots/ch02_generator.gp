# ch02_generator.gp - the decoder as a generator: the images it makes from
# a regular 16 x 16 grid of points of the 2-D code plane.
eval figure(4.6, 4.6)
eval picture_style
set yrange [448:0]
set xrange [0:448]
plot file('generator.tsv') using 1:2:3 with image
