# style.gp - the look every figure of the book shares.
#
# The Makefile runs it before each figure's script:
#   gnuplot -e "fmt='pdf'; out='F.pdf'; data='build/data/ch01'" \
#       plots/style.gp plots/ch01_F.gp
# fmt is pdf (for the PDF book) or svg (for the HTML book). A script sizes
# its figure with  eval figure(width_inches, height_inches)  and reads its
# data from the directory in `data`.
#
# A figure is designed at the size it is printed: at most page_width wide,
# with no text under 8 pt there (tools/check-figures, which make book
# runs, measures every text of the SVGs). The PDF book prints a figure at
# min(its width, LaTeX's \linewidth: A4 less two 2.5 cm margins, 16 cm =
# 6.30 in); the HTML book at min(its width, the 736 px = 7.67 in column
# of book.css). A wider figure is shrunk, and its text with it.
page_width = 6.3

set datafile separator "\t"
set datafile columnheaders   # every TSV starts with a header line

# Font sizes are points in both formats, so that the SVG is the PDF's twin
# (and tools/check-figures can measure the PDF's text in the SVG): the
# svg terminal counts in px, 96 to the inch, hence its fontscale of 96/72;
# pdfcairo draws a font of size s at s * 4/3 * fontscale points, and its
# fontscale of 0.5 by default would print 9 as 6 pt, hence 0.75.
# 'font ",8"' in a script is 8 pt in the PDF and 10.67 px = 8 pt in the
# HTML. The figures' text is 9 pt; 8 pt is the least, for crowded texts:
# small_font. Enhanced text sets sub- and superscripts at 0.8 of the font,
# 7.2 pt: give them 8 pt, as in 'z_{/=8 1}', or log_format on a log axis.
figure(w, h) = fmt eq 'pdf' \
  ? sprintf("set terminal pdfcairo enhanced size %gin,%gin font 'Helvetica,9' fontscale 0.75 linewidth 1.2; set output '%s'", w, h, out) \
  : sprintf("set terminal svg enhanced size %d,%d font 'Helvetica,9' fontscale %.6f linewidth 1.2 background '#ffffff'; set output '%s'", int(w * 96), int(h * 96), 96.0 / 72, out)
small_font = ',8'
log_format = '10^{/=8 %T}'

file(name) = data . '/' . name

# Colour-blind-safe class colours (Okabe and Ito), one per class 0..9.
class_rgb(c) = c == 0 ? 0x0072B2 : c == 1 ? 0xD55E00 : c == 2 ? 0x009E73 : \
               c == 3 ? 0xE69F00 : c == 4 ? 0xCC79A7 : c == 5 ? 0x56B4E9 : \
               c == 6 ? 0xF0E442 : c == 7 ? 0x000000 : c == 8 ? 0x999999 : 0x882255
red(c) = (int(class_rgb(c)) >> 16) & 255
green(c) = (int(class_rgb(c)) >> 8) & 255
blue(c) = int(class_rgb(c)) & 255
# A pale version of a class colour for the regions behind the points:
# paler where the classifier is less sure (confidence 1/k .. 1).
tint(v, sure) = 255 - (255 - v) * (0.12 + 0.33 * sure)

set style line 1 lc rgb '#0072B2' lw 2
set style line 2 lc rgb '#D55E00' lw 2
set style line 3 lc rgb '#009E73' lw 2
set style line 4 lc rgb '#E69F00' lw 2
set style line 10 lc rgb '#b0b0b0' lw 0.5        # grid lines of a mapping
set style line 11 lc rgb '#000000' lw 1 dt 2     # a target, dashed

# The reference run: make plots passes ref='reference/chNN/quick' (or
# default), the solutions' run of the same mode and seed, when there is
# one; the book never does. A script draws it with a macro that is empty
# without it, as in plots/ch02_history.gp:
#   refs = ref_on ? ", ref_file('history.tsv') using 1:2 " . ref_line(1) : ''
#   plot file('history.tsv') using 1:2 with lines ls 1 @refs @ref_key
# (a plot over no file at all would warn). Name each file literally, as
# ref_file('history.tsv'): make reference keeps the files named so. The
# reference is the thinner, dashed line in the colour of the student's;
# bars get a dashed outline box at the reference's height.
if (!exists('ref')) ref = ''
ref_on = strlen(ref) > 0
ref_file(name) = ref . '/' . name
ref_dash = "dt (5, 4) lw 1.1"
ref_line(style) = sprintf("with lines ls %d %s notitle", style, ref_dash)
# ... and with open circles where the student's curve has points (a run of
# one epoch is one point, which a line alone would not show).
ref_points(style) = sprintf("with linespoints ls %d pt 6 ps 0.6 %s notitle", \
                            style, ref_dash)
ref_box = "with boxes fs empty lc rgb '#202020' " . ref_dash . " notitle"
# Where a clustered histogram (set style histogram cluster gap g) puts
# bar j (0, 1, ...) of n in the group at x: its middle and its width.
bar_x(x, j, n, g) = x + (j - (n - 1) / 2.0) / (n + g)
bar_width(n, g) = 0.9 / (n + g)   # with set boxwidth 0.9
ref_key = ref_on ? ", NaN with lines lc rgb '#404040' " . ref_dash . \
                   " title 'reference run'" : ''

set border 3 lc rgb '#404040'
set tics nomirror out scale 0.6 textcolor rgb '#404040'
set key noautotitle
set grid lc rgb '#e6e6e6' lw 0.6

# Pictures of images ("x y value" TSV, y counting down from the top): ink
# on paper, black where a pixel is 1.
picture_style = "unset border; unset tics; unset grid; unset colorbox; " . \
                "set palette gray negative; set cbrange [0:1]; set size ratio -1"

# Diagrams (plots/ch03_flow.gp, ch04_window.gp, ch05_shapes.gp) are drawn
# in inches, from the figure's bottom left corner: eval diagram(w, h) is
# figure(w, h) with the plot area stretched over the whole figure and no
# axes, so that a box set at x = 1 is printed one inch from the left and
# a script can see what fits. It ends with  plot NaN  (or with images
# placed in inches).
diagram(w, h) = figure(w, h) . "; unset border; unset tics; unset grid; " . \
  "set lmargin at screen 0; set rmargin at screen 1; " . \
  "set bmargin at screen 0; set tmargin at screen 1; " . \
  sprintf("set xrange [0:%g]; set yrange [0:%g]", w, h)
# A pale tint of a colour 0xRRGGBB (from class_rgb, say) for a box's fill:
# f of the colour, the rest white.
pale_part(c, shift, f) = int(255 - (255 - ((int(c) >> shift) & 255)) * f)
pale(c, f) = sprintf("#%02x%02x%02x", pale_part(c, 16, f), pale_part(c, 8, f), \
                     pale_part(c, 0, f))
hex(c) = sprintf("#%06x", int(c))
# A box from (x0, y0) to (x1, y1), filled (a colour string, or 'white'),
# edged in a colour string; behind the labels and arrows.
box(x0, y0, x1, y1, fill, edge) = sprintf("set object rect from %g,%g to %g,%g " . \
  "back fc rgb '%s' fillstyle solid 1 border lc rgb '%s' lw 0.8", x0, y0, x1, y1, fill, edge)
# An arrow of the diagram's flow, and a line without a head.
arrow(x0, y0, x1, y1) = sprintf("set arrow from %g,%g to %g,%g " . \
  "head filled size 0.06,25 lc rgb '#404040' lw 1 front", x0, y0, x1, y1)
line(x0, y0, x1, y1, colour) = sprintf("set arrow from %g,%g to %g,%g " . \
  "nohead lc rgb '%s' lw 0.8 front", x0, y0, x1, y1, colour)
# Enhanced text for the symbols of the book's notation (book/notation.md):
# italic for numbers and matrices, bold for vectors.
it(s) = '{/:Italic ' . s . '}'
bold(s) = '{/:Bold ' . s . '}'

# The smallest and largest value, times 100, of columns first..last of a
# file (a percent axis that shows every bar of whatever run it draws):
# sets range_low and range_high. Call it before any axis range is set,
# which stats would respect.
column_range(name, first, last) = sprintf( \
  "range_low = 1e30; range_high = -1e30; do for [col = %d:%d] { " . \
  "stats '%s' using (100 * column(col)) nooutput; " . \
  "range_low = STATS_min < range_low ? STATS_min : range_low; " . \
  "range_high = STATS_max > range_high ? STATS_max : range_high }", \
  first, last, name)
