# ch08_retrieval.gp - images found from words: for each caption (left),
# the six test images whose vectors lie nearest to its vector, best first,
# and how many of the six fit it (its class, and its tone and size where
# the caption names them). No training caption was any of these: they use
# held-out sentence templates, a held-out name (cloak) or a held-out
# combination (dark sandal).
# The images are drawn as Fashion-MNIST stores them, light garments on
# black, not as ink on paper: the captions' "bright" and "dark" are about
# the pixel values, and ink would show a bright garment dark.
# 'with image' stretches pixels over gaps in a grid, so each tile is
# drawn on its own, shifted whole: its mosaic row picked by 'every', the
# other tiles of the row undefined (which 'with image' leaves out).
stats file('retrieval_captions.tsv') using 1 nooutput
rows = STATS_records          # captions, one mosaic row of six images each
gap = 4                       # pixels of paper between two images
centre(r) = r * (28 + gap) + 14
text = 96                     # pixels of room for the captions on the left
width = text + 6 * 28 + 5 * gap
height = rows * (28 + gap) - gap
eval figure(page_width, page_width * height / width)
eval picture_style
set palette gray positive
set margins 0, 0, 0, 0
set xrange [-text - 0.5 : width - text - 0.5]
set yrange [height - 0.5 : -0.5]
line = 6 * 28 * 28   # data lines in one mosaic row
plot for [r = 0:rows - 1] for [c = 0:5] file('retrieval.tsv') \
         every ::(r * line)::((r + 1) * line - 1) \
         using ($1 + gap * c):($2 + gap * r):(int($1 / 28) == c ? $3 : NaN) with image, \
     file('retrieval_captions.tsv') using (-5):(centre($1)):(sprintf('"%s"', strcol(2))) \
         with labels right offset 0, 0.55, \
     '' using (-5):(centre($1)):(sprintf('%d of 6 fit', $3)) \
         with labels right offset 0, -0.65 font small_font textcolor rgb '#606060'
