package main

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// report is what an audit found, in the shape of the JSON output; the table
// and the CSV are drawn from it too.
type report struct {
	Mode      string          `json:"mode"` // standalone or cluster
	Nodes     []nodeReport    `json:"nodes"`
	Sentinel  *sentinelReport `json:"sentinel,omitempty"` // with -sentinel
	Match     string          `json:"match"`              // the SCAN MATCH pattern
	Separator string          `json:"separator"`
	Depth     int             `json:"depth"`
	Complete  bool            `json:"complete"` // false: stopped at -max-keys, the figures are a sample
	DBSize    int64           `json:"dbsize"`   // keys in the database(s) when the audit began
	Keys      int64           `json:"keys"`     // keys examined
	NoTTL     int64           `json:"no_ttl"`
	Vanished  int64           `json:"vanished"` // returned by SCAN, gone when examined
	Seconds   float64         `json:"seconds"`
	Groups    []groupReport   `json:"groups"`
	Other     *otherReport    `json:"other_groups,omitempty"`
	ApplyTTL  []applyReport   `json:"apply_ttl,omitempty"`
	memory    bool            // -memory-sample is on
	top       int             // table rows
	maxGroups int             // for the note about other groups
	maxKeys   int64           // for the note about a sample
	applyYes  bool            // -yes was given
}

type nodeReport struct {
	Addr    string `json:"addr"`
	Version string `json:"version"`
	DBSize  int64  `json:"dbsize"`
}

type groupReport struct {
	Group      string           `json:"group"`
	Keys       int64            `json:"keys"`
	NoTTL      int64            `json:"no_ttl"`
	NoTTLShare float64          `json:"no_ttl_share"` // 0 to 1
	Types      map[string]int64 `json:"types"`
	TTL        ttlReport        `json:"ttl"`
	Memory     *memoryReport    `json:"memory,omitempty"`
	Examples   []string         `json:"examples,omitempty"`
}

// ttlReport is the TTL distribution of a group's keys that have one.
type ttlReport struct {
	Lt1m  int64 `json:"lt_1m"`
	Lt1h  int64 `json:"lt_1h"`
	Lt1d  int64 `json:"lt_1d"`
	Lt7d  int64 `json:"lt_7d"`
	Lt30d int64 `json:"lt_30d"`
	Ge30d int64 `json:"ge_30d"`
}

func (t ttlReport) buckets() [len(ttlBounds) + 1]int64 {
	return [...]int64{t.Lt1m, t.Lt1h, t.Lt1d, t.Lt7d, t.Lt30d, t.Ge30d}
}

// memoryReport estimates a group's memory from MEMORY USAGE samples: the
// mean of the samples times the group's keys.
type memoryReport struct {
	SampledKeys    int64 `json:"sampled_keys"`
	SampledBytes   int64 `json:"sampled_bytes"`
	EstimatedBytes int64 `json:"estimated_bytes"`
}

// otherReport tallies the keys of the groups beyond -max-groups.
type otherReport struct {
	Keys  int64 `json:"keys"`
	NoTTL int64 `json:"no_ttl"`
}

type applyReport struct {
	Group      string `json:"group"`
	TTLSeconds int64  `json:"ttl_seconds"`
	DryRun     bool   `json:"dry_run"`
	Keys       int64  `json:"keys"`        // keys of the group examined
	WithoutTTL int64  `json:"without_ttl"` // of those, without a TTL when read
	Set        int64  `json:"set"`         // TTLs set (0 in a dry run)
	Skipped    int64  `json:"skipped"`     // EXPIRE NX did nothing: the key gained a TTL or went away first
}

// buildReport collects the auditor's tallies after the walk.
func (a *auditor) buildReport(elapsed time.Duration) *report {
	r := &report{
		Mode:      a.t.mode,
		Sentinel:  a.t.sentinel,
		Match:     a.cfg.pattern,
		Separator: a.cfg.sep,
		Depth:     a.cfg.depth,
		Complete:  !a.budget.spent.Load(),
		Seconds:   elapsed.Seconds(),
		Groups:    []groupReport{},
		memory:    a.cfg.memorySample > 0,
		top:       a.cfg.top,
		maxGroups: a.cfg.maxGroups,
		maxKeys:   a.cfg.maxKeys,
		applyYes:  a.cfg.yes,
	}
	for _, n := range a.t.nodes {
		r.Nodes = append(r.Nodes, nodeReport{Addr: n.addr, Version: n.version, DBSize: n.dbsize})
		r.DBSize += n.dbsize
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	r.Vanished = a.vanished
	for name, gs := range a.groups {
		if gs.keys == 0 {
			continue // every key it had vanished before it was read
		}
		b := gs.ttl
		g := groupReport{
			Group:      name,
			Keys:       gs.keys,
			NoTTL:      gs.noTTL,
			NoTTLShare: float64(gs.noTTL) / float64(gs.keys),
			Types:      maps.Clone(gs.types),
			TTL:        ttlReport{b[0], b[1], b[2], b[3], b[4], b[5]},
		}
		if r.memory && gs.memKeys > 0 {
			g.Memory = &memoryReport{
				SampledKeys:    gs.memKeys,
				SampledBytes:   gs.memBytes,
				EstimatedBytes: gs.memBytes * gs.keys / gs.memKeys,
			}
		}
		for _, k := range gs.examples {
			g.Examples = append(g.Examples, display(k))
		}
		r.Groups = append(r.Groups, g)
		r.Keys += g.Keys
		r.NoTTL += g.NoTTL
	}
	if a.other.keys > 0 {
		r.Other = &otherReport{Keys: a.other.keys, NoTTL: a.other.noTTL}
		r.Keys += a.other.keys
		r.NoTTL += a.other.noTTL
	}
	slices.SortFunc(r.Groups, func(x, y groupReport) int {
		return cmp.Or(
			cmp.Compare(y.NoTTL, x.NoTTL),
			cmp.Compare(y.Keys, x.Keys),
			cmp.Compare(x.Group, y.Group),
		)
	})
	for _, rule := range a.cfg.apply {
		got := a.rules[rule.group]
		r.ApplyTTL = append(r.ApplyTTL, applyReport{
			Group:      got.group,
			TTLSeconds: int64(got.ttl / time.Second),
			DryRun:     !a.cfg.yes,
			Keys:       got.inGroup,
			WithoutTTL: got.withoutTTL,
			Set:        got.set,
			Skipped:    got.skipped,
		})
	}
	return r
}

func (r *report) writeJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

var csvHeader = []string{
	"group", "keys", "no_ttl", "no_ttl_share", "types",
	"ttl_" + ttlLabels[0], "ttl_" + ttlLabels[1], "ttl_" + ttlLabels[2],
	"ttl_" + ttlLabels[3], "ttl_" + ttlLabels[4], "ttl_" + ttlLabels[5],
	"memory_sampled_keys", "memory_estimated_bytes", "example",
}

// writeCSV writes one row per group; the totals and -apply-ttl's summary
// are in the JSON and the table.
func (r *report) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write(csvHeader)
	for _, g := range r.Groups {
		row := []string{
			g.Group,
			strconv.FormatInt(g.Keys, 10),
			strconv.FormatInt(g.NoTTL, 10),
			strconv.FormatFloat(g.NoTTLShare, 'f', 4, 64),
			typeMix(g.Types, "=", ";"),
		}
		for _, n := range g.TTL.buckets() {
			row = append(row, strconv.FormatInt(n, 10))
		}
		if g.Memory != nil {
			row = append(row, strconv.FormatInt(g.Memory.SampledKeys, 10), strconv.FormatInt(g.Memory.EstimatedBytes, 10))
		} else {
			row = append(row, "", "")
		}
		row = append(row, strings.Join(g.Examples, " "))
		_ = cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// writeTable writes the report for people: a summary, the groups with the
// most keys without TTL first, and what -apply-ttl did or would do.
func (r *report) writeTable(w io.Writer) error {
	bw := &errWriter{w: w}
	switch r.Mode {
	case "cluster":
		bw.printf("cluster of %d masters (Redis %s): %s keys\n", len(r.Nodes), versions(r.Nodes), thousands(r.DBSize))
	default:
		n := r.Nodes[0]
		if s := r.Sentinel; s != nil {
			bw.printf("master %q at %s (Redis %s, from Sentinel %s): %s keys\n", s.MasterName, n.Addr, n.Version, s.Addr, thousands(r.DBSize))
		} else {
			bw.printf("%s (Redis %s): %s keys\n", n.Addr, n.Version, thousands(r.DBSize))
		}
	}
	what := "every key"
	if r.Match != "*" {
		what = "the keys matching " + strconv.Quote(display(r.Match))
	}
	bw.printf("examined %s in %s: %s keys, %s without TTL",
		what, time.Duration(r.Seconds*float64(time.Second)).Round(time.Millisecond), thousands(r.Keys), thousands(r.NoTTL))
	if r.Vanished > 0 {
		bw.printf(" (%s more were gone when read)", thousands(r.Vanished))
	}
	bw.printf("\n")
	if !r.Complete {
		bw.printf("stopped at -max-keys %s: the figures are of the keys SCAN returned first, a sample that need not be representative\n", thousands(r.maxKeys))
	}
	bw.printf("\n")

	cols := []column{
		{head: "GROUP"},
		{head: "KEYS", right: true},
		{head: "NO TTL", right: true},
		{head: "SHARE", right: true},
		{head: "TYPES"},
	}
	if r.memory {
		cols = append(cols, column{head: "MEMORY~", right: true})
	}
	cols = append(cols, column{head: "TTL"}, column{head: "EXAMPLE"})
	rows := r.Groups
	if r.top > 0 && len(rows) > r.top {
		rows = rows[:r.top]
	}
	for _, g := range rows {
		cells := []string{
			g.Group,
			thousands(g.Keys),
			thousands(g.NoTTL),
			percent(g.NoTTL, g.Keys),
			typeMix(g.Types, " ", ", "),
		}
		if r.memory {
			mem := "-"
			if g.Memory != nil {
				mem = bytesize(g.Memory.EstimatedBytes)
			}
			cells = append(cells, mem)
		}
		ttl := ttlSpread(g.TTL)
		example := ""
		if len(g.Examples) > 0 {
			example = g.Examples[0]
		}
		cells = append(cells, ttl, example)
		for i := range cols {
			cols[i].cells = append(cols[i].cells, cells[i])
		}
	}
	total := []string{"TOTAL", thousands(r.Keys), thousands(r.NoTTL), percent(r.NoTTL, r.Keys)}
	for i := range cols {
		cell := ""
		if i < len(total) {
			cell = total[i]
		}
		cols[i].cells = append(cols[i].cells, cell)
	}
	writeColumns(bw, cols)

	if more := len(r.Groups) - len(rows); more > 0 {
		bw.printf("... %s more groups (-top 0 shows them all)\n", thousands(int64(more)))
	}
	if r.Other != nil {
		bw.printf("... %s keys (%s without TTL) in groups beyond -max-groups %s, tallied together\n",
			thousands(r.Other.Keys), thousands(r.Other.NoTTL), thousands(int64(r.maxGroups)))
	}
	r.writeApply(bw)
	return bw.err
}

// writeApply summarises -apply-ttl under the table.
func (r *report) writeApply(bw *errWriter) {
	if len(r.ApplyTTL) == 0 {
		return
	}
	if r.applyYes {
		bw.printf("\n-apply-ttl:\n")
	} else {
		bw.printf("\n-apply-ttl, dry run (nothing was written; add -yes to set the TTLs):\n")
	}
	for _, a := range r.ApplyTTL {
		ttl := formatTTL(time.Duration(a.TTLSeconds) * time.Second)
		switch {
		case a.Keys == 0:
			bw.printf("  %s=%s: no key of this group was examined; use a group name from the report\n", a.Group, ttl)
		case a.DryRun:
			bw.printf("  %s=%s: would set a TTL on %s of its %s keys (those without one)\n", a.Group, ttl, thousands(a.WithoutTTL), thousands(a.Keys))
		default:
			bw.printf("  %s=%s: set a TTL on %s of its %s keys", a.Group, ttl, thousands(a.Set), thousands(a.Keys))
			if a.Skipped > 0 {
				bw.printf("; %s more had gained a TTL or gone away before EXPIRE NX reached them, and were left alone", thousands(a.Skipped))
			}
			bw.printf("\n")
		}
	}
}

// A column of the table; numbers align right.
type column struct {
	head  string
	right bool
	cells []string
}

func writeColumns(bw *errWriter, cols []column) {
	widths := make([]int, len(cols))
	for i, c := range cols {
		widths[i] = len([]rune(c.head))
		for _, s := range c.cells {
			widths[i] = max(widths[i], len([]rune(s)))
		}
	}
	line := func(cell func(int) string) {
		var b strings.Builder
		for i, c := range cols {
			s := cell(i)
			pad := strings.Repeat(" ", widths[i]-len([]rune(s)))
			if i > 0 {
				b.WriteString("  ")
			}
			if c.right {
				b.WriteString(pad + s)
			} else if i < len(cols)-1 {
				b.WriteString(s + pad)
			} else {
				b.WriteString(s) // no trailing blanks
			}
		}
		bw.printf("%s\n", strings.TrimRight(b.String(), " "))
	}
	line(func(i int) string { return cols[i].head })
	for row := range cols[0].cells {
		line(func(i int) string { return cols[i].cells[row] })
	}
}

// errWriter keeps the first write error, so the table code stays linear.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, a ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, a...)
	}
}

// typeMix lists the types by count, most first: "hash 900, string 100", or
// the type alone when there is one.
func typeMix(types map[string]int64, kv, sep string) string {
	names := slices.SortedFunc(maps.Keys(types), func(a, b string) int {
		return cmp.Or(cmp.Compare(types[b], types[a]), cmp.Compare(a, b))
	})
	if len(names) == 1 && kv == " " {
		return names[0]
	}
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + kv + strconv.FormatInt(types[n], 10)
	}
	return strings.Join(parts, sep)
}

// ttlSpread lists the non-empty TTL buckets: "<1h 30, <1d 20"; "-" when no
// key has a TTL.
func ttlSpread(t ttlReport) string {
	var parts []string
	for i, n := range t.buckets() {
		if n > 0 {
			parts = append(parts, ttlHeads[i]+" "+thousands(n))
		}
	}
	if parts == nil {
		return "-"
	}
	return strings.Join(parts, ", ")
}

func versions(nodes []nodeReport) string {
	var vs []string
	for _, n := range nodes {
		if !slices.Contains(vs, n.Version) {
			vs = append(vs, n.Version)
		}
	}
	slices.Sort(vs)
	return strings.Join(vs, ", ")
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// percent shows a share with one decimal, except 0% and 100%, which are
// shown only when exact, so that 99.96% never rounds up to 100%.
func percent(part, whole int64) string {
	switch {
	case whole == 0 || part == 0:
		return "0%"
	case part == whole:
		return "100%"
	}
	p := float64(part) * 100 / float64(whole)
	p = min(max(p, 0.1), 99.9)
	return strconv.FormatFloat(p, 'f', 1, 64) + "%"
}

func bytesize(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return strconv.FormatFloat(float64(n)/float64(div), 'f', 1, 64) + " " + "KMGTPE"[exp:exp+1] + "iB"
}
