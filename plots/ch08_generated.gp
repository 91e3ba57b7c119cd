# ch08_generated.gp - images drawn from words: each caption's vector,
# mapped to a code of chapter 02's auto-encoder and decoded. Captions no
# training caption was (a held-out name, or a held-out combination of a
# class and a tone) are in orange with an asterisk.
# The images are drawn as Fashion-MNIST stores them, light garments on
# black, not as ink on paper: "bright" and "dark" are about the pixel
# values, and ink would show a bright garment dark.
# 'with image' stretches pixels over gaps in a grid, so each tile is
# drawn on its own, shifted whole: its mosaic row picked by 'every', the
# other tiles of the row undefined (which 'with image' leaves out).
stats file('generated_captions.tsv') using 2 nooutput
rows = int(STATS_max) + 1     # mosaic rows of six images each
gap = 4                       # pixels of paper between two images
band = 8                      # pixels of paper under a row, for its captions
note = 6                      # pixels of paper for the note at the bottom
width = 6 * 28 + 5 * gap
height = rows * (28 + band) + note
eval figure(page_width, page_width * height / width)
new_rgb = '#D55E00'
eval picture_style
set palette gray positive
set margins 0, 0, 0, 0
set xrange [-0.5 : width - 0.5]
set yrange [height - 0.5 : -0.5]
set label 1 '* a caption never seen in training' at width - 0.5, height - note / 2.0 \
    right font small_font textcolor rgb new_rgb
line = 6 * 28 * 28   # data lines in one mosaic row
caption_x(c) = c * (28 + gap) + 13.5
caption_y(r) = r * (28 + band) + 28 + 3   # close under its image
plot for [r = 0:rows - 1] for [c = 0:5] file('generated.tsv') \
         every ::(r * line)::((r + 1) * line - 1) \
         using ($1 + gap * c):($2 - 28 * r + r * (28 + band)):(int($1 / 28) == c ? $3 : NaN) with image, \
     file('generated_captions.tsv') using (caption_x($1)):(caption_y($2)):($4 != 0 ? strcol(3) : '') \
         with labels center font small_font, \
     '' using (caption_x($1)):(caption_y($2)):($4 != 0 ? '' : strcol(3) . '*') \
         with labels center font small_font textcolor rgb new_rgb
