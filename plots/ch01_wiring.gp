# ch01_wiring.gp - a network as a wiring graph: 2 inputs, two hidden layers
# of 4 units, 2 outputs. Every line is a weight; every circle sums what
# comes in and applies its activation.
eval figure(5.5, 2.4)
unset border; unset tics; unset grid
set xrange [-0.7:4.6]
set yrange [-0.3:3.6]
set size ratio -1

units(l) = l == 0 ? 2 : l == 3 ? 2 : 4
x(l) = 1.3 * l
y(l, i) = 1.6 + (i - (units(l) - 1) / 2.0) * 0.95
label(l) = l == 0 ? "input {/:Bold x}" : l == 3 ? "output {/:Bold y}" : sprintf("hidden {/:Bold h}_{/=8 %d}", l)

do for [l = 0:2] {
    do for [i = 0:units(l) - 1] {
        do for [j = 0:units(l + 1) - 1] {
            set arrow from x(l), y(l, i) to x(l + 1), y(l + 1, j) nohead lc rgb '#99aabb' lw 0.8 back
        }
    }
}
do for [l = 0:3] {
    do for [i = 0:units(l) - 1] {
        set object circle at x(l), y(l, i) size 0.16 front \
            fc rgb (l == 0 ? '#cfe0f0' : l == 3 ? '#f6d3bf' : '#ffffff') fs solid border lc rgb '#333333'
    }
    set label label(l) at x(l), -0.05 center front
}
set label "{/:Italic W}_{/=8 1}, {/:Bold b}_{/=8 1}" at x(0.5), 3.45 center
set label "{/:Italic W}_{/=8 2}, {/:Bold b}_{/=8 2}" at x(1.5), 3.45 center
set label "{/:Italic W}_{/=8 3}, {/:Bold b}_{/=8 3}" at x(2.5), 3.45 center
plot NaN
