// Command chart draws the figures of docs/PERFORMANCE.md from measured data:
// the output of the runtime benchmarks (go test -bench) and the medians of
// the lint benchmark (bench/lint/run.sh's medians.tsv).
//
//	go run ./chart -runtime runtime.txt -lint medians.tsv -o ../docs/performance.png
//
// Panels: the longest PING stall of another client during KEYS and during a
// ScanKeys walk of a million keys; the time of a per-key loop over that of
// SetMany at each batch size; and, per corpus, the wall time of each lint
// run over the plain floor's.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"log"
	"os"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

type bar struct {
	label string
	value float64
	text  string // the value as printed next to the bar
	color color.Color
}

type panel struct {
	title string
	bars  []bar
}

var (
	red    = color.RGBA{0xc0, 0x39, 0x2b, 0xff}
	green  = color.RGBA{0x27, 0xae, 0x60, 0xff}
	blue   = color.RGBA{0x29, 0x80, 0xb9, 0xff}
	grey   = color.RGBA{0x95, 0xa5, 0xa6, 0xff}
	orange = color.RGBA{0xe6, 0x7e, 0x22, 0xff}
)

func main() {
	runtimeFile := flag.String("runtime", "", "go test -bench output of BenchmarkKeysStall and BenchmarkSetWithTTL")
	lintFile := flag.String("lint", "", "medians.tsv from bench/lint/run.sh")
	out := flag.String("o", "performance.png", "PNG to write")
	flag.Parse()

	var panels []panel
	if *runtimeFile != "" {
		m := readBench(*runtimeFile)
		panels = append(panels, stallPanel(m), batchPanel(m))
	}
	if *lintFile != "" {
		panels = append(panels, lintPanels(*lintFile)...)
	}
	var kept []panel
	for _, p := range panels {
		if len(p.bars) > 0 {
			kept = append(kept, p)
		}
	}
	if len(kept) == 0 {
		log.Fatal("chart: no data")
	}
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := png.Encode(f, render(kept)); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

// readBench returns benchmark name (without the -GOMAXPROCS suffix) → unit
// → value; a benchmark run several times keeps its median.
func readBench(path string) map[string]map[string]float64 {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	samples := map[string]map[string][]float64{}
	procs := regexp.MustCompile(`-\d+$`)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		name := procs.ReplaceAllString(fields[0], "")
		if samples[name] == nil {
			samples[name] = map[string][]float64{}
		}
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				continue
			}
			samples[name][fields[i+1]] = append(samples[name][fields[i+1]], v)
		}
	}
	if err := sc.Err(); err != nil {
		log.Fatal(err)
	}
	m := map[string]map[string]float64{}
	for name, units := range samples {
		m[name] = map[string]float64{}
		for u, vs := range units {
			m[name][u] = median(vs)
		}
	}
	return m
}

func median(vs []float64) float64 {
	s := append([]float64(nil), vs...)
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func stallPanel(m map[string]map[string]float64) panel {
	p := panel{title: "Longest PING of another client during one walk of 1,000,000 keys (ms)"}
	for _, w := range []struct {
		name string
		c    color.Color
	}{{"idle", grey}, {"KEYS", red}, {"ScanKeys", green}} {
		if v, ok := m["BenchmarkKeysStall/walk="+w.name]["stall-ms"]; ok {
			walk := m["BenchmarkKeysStall/walk="+w.name]["walk-ms"]
			text := fmt.Sprintf("%.1f ms", v)
			if w.name != "idle" {
				text += fmt.Sprintf("  (walk %.0f ms)", walk)
			}
			p.bars = append(p.bars, bar{label: w.name, value: v, text: text, color: w.c})
		}
	}
	return p
}

func batchPanel(m map[string]map[string]float64) panel {
	p := panel{title: "Per-key loop time / SetMany time, same keys (x)"}
	for _, n := range []string{"100", "1000", "10000"} {
		batch, ok := m["BenchmarkSetWithTTL/keys="+n+"/SetMany"]["ns/key"]
		if !ok || batch == 0 {
			continue
		}
		for _, loop := range []struct {
			name string
			c    color.Color
		}{{"loop-SET+EXPIRE", red}, {"loop-SET-EX", blue}} {
			if v, ok := m["BenchmarkSetWithTTL/keys="+n+"/"+loop.name]["ns/key"]; ok {
				r := v / batch
				p.bars = append(p.bars, bar{label: "keys=" + n + " " + loop.name, value: r, text: fmt.Sprintf("%.1fx", r), color: loop.c})
			}
		}
	}
	return p
}

// lintPanels draws one panel per corpus: each standalone run's median wall
// time over the plain floor's.
func lintPanels(path string) []panel {
	data, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	var panels []panel
	floors := map[string]float64{}
	idx := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 4 {
			continue
		}
		corpus, name := f[0], f[1]
		wall, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			continue
		}
		if name == "floor" {
			floors[corpus] = wall
		}
		if _, ok := idx[corpus]; !ok {
			idx[corpus] = len(panels)
			panels = append(panels, panel{title: "Lint wall time, go-redis " + corpus + " (s, median; x = over the plain floor)"})
		}
		c := blue
		switch {
		case strings.Contains(name, "floor"):
			c = grey
		case strings.HasPrefix(name, "go vet"), name == "staticcheck":
			c = green
		case name == "redislint":
			c = red
		case strings.HasPrefix(name, "base"):
			c = orange // the revision a change is measured against (-base)
		}
		text := fmt.Sprintf("%.2f s", wall)
		if fl := floors[corpus]; fl > 0 {
			text += fmt.Sprintf("  %.2fx", wall/fl)
		}
		p := &panels[idx[corpus]]
		p.bars = append(p.bars, bar{label: name, value: wall, text: text, color: c})
	}
	return panels
}

const (
	width    = 900
	labelW   = 215
	barH     = 18
	gap      = 6
	titleH   = 30
	margin   = 16
	valueRes = 190 // room for the value text right of the longest bar
)

func render(panels []panel) *image.RGBA {
	h := margin
	for _, p := range panels {
		h += titleH + len(p.bars)*(barH+gap) + margin
	}
	img := image.NewRGBA(image.Rect(0, 0, width, h))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	y := margin
	for _, p := range panels {
		text(img, margin, y+16, p.title, color.Black)
		y += titleH
		top := 0.0
		for _, b := range p.bars {
			top = max(top, b.value)
		}
		span := float64(width - margin - labelW - valueRes)
		for _, b := range p.bars {
			text(img, margin, y+barH-5, b.label, color.Black)
			w := 1
			if top > 0 {
				w = max(1, int(b.value/top*span))
			}
			draw.Draw(img, image.Rect(margin+labelW, y, margin+labelW+w, y+barH), image.NewUniform(b.color), image.Point{}, draw.Src)
			text(img, margin+labelW+w+6, y+barH-5, b.text, color.Black)
			y += barH + gap
		}
		y += margin
	}
	return img
}

func text(img *image.RGBA, x, y int, s string, c color.Color) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: basicfont.Face7x13, Dot: fixed.P(x, y)}
	d.DrawString(s)
}
