package directive

import (
	"strings"
	"unicode"
)

// ignorePrefix starts redislint's own suppression directive.
const ignorePrefix = "//redislint:ignore"

// allAnalyzers stands for every analyzer, in both directive kinds.
const allAnalyzers = "all"

// ignore is a parsed //redislint:ignore comment.
type ignore struct {
	list   string   // the analyzer list as written, for messages
	names  []string // lower-cased analyzer names; empty when none was given
	reason string
}

// wellFormed reports whether the directive names an analyzer and gives a
// reason. Only a well-formed directive suppresses anything.
func (d ignore) wellFormed() bool { return len(d.names) > 0 && d.reason != "" }

// covers reports whether the directive names analyzer (lower case) or all.
func (d ignore) covers(analyzer string) bool { return covers(d.names, analyzer) }

// parseIgnore parses the text of one comment as
// //redislint:ignore <analyzer>[,<analyzer>...] <reason>.
// ok is false when the comment is not such a directive at all (a block
// comment, "// redislint:ignore" with a space, "//redislint:ignored"). A
// directive with no analyzer or no reason is returned with ok true; the
// caller reports it.
//
// A reason may be written in golangci-lint's style after "//"; the "//"
// itself is not a reason.
func parseIgnore(text string) (d ignore, ok bool) {
	rest, ok := strings.CutPrefix(text, ignorePrefix)
	if !ok {
		return ignore{}, false
	}
	if rest != "" && !unicode.IsSpace(rune(rest[0])) {
		return ignore{}, false // another word, such as //redislint:ignored
	}
	rest = strings.TrimSpace(rest)
	list, reason := rest, ""
	if i := strings.IndexFunc(rest, unicode.IsSpace); i >= 0 {
		list, reason = rest[:i], rest[i:]
	}
	for name := range strings.SplitSeq(list, ",") {
		if name = strings.ToLower(strings.TrimSpace(name)); name != "" {
			d.names = append(d.names, name)
		}
	}
	if len(d.names) > 0 {
		d.list = list
	}
	reason = strings.TrimSpace(reason)
	reason = strings.TrimSpace(strings.TrimPrefix(reason, "//"))
	d.reason = reason
	return d, true
}

// A nolint is a parsed golangci-lint //nolint comment.
type nolint struct {
	all   bool     // bare //nolint, //nolint:all, or "all" in the list
	names []string // lower-cased linter names, when not all
}

// covers reports whether the directive applies to analyzer (lower case).
func (d nolint) covers(analyzer string) bool { return d.all || covers(d.names, analyzer) }

// parseNolint parses the text of one comment the way the nolint filter of
// golangci-lint v2 does (pkg/result/processors/nolint_filter.go,
// extractInlineRangeFromComment), so that both drivers agree:
//
//   - every leading '/' and ' ' is dropped, so "// nolint" and "///nolint"
//     count (gofmt rewrites a bare //nolint doc comment to "// nolint");
//     a tab, "/*nolint*/" and "//nolint//x" do not;
//   - "nolint" must then end the text or be followed by ' ' or ':';
//   - anything but "nolint:<list>" ("//nolint", "//nolint // why",
//     "//nolint because") silences every linter, as does a list that
//     starts with "all" or contains the item "all";
//   - the list ends at the first "//", items are split at ',', trimmed and
//     lower-cased; "//nolint:a b" names the linter "a b".
func parseNolint(text string) (d nolint, ok bool) {
	text = strings.TrimLeft(text, "/ ")
	rest, ok := strings.CutPrefix(text, "nolint")
	if !ok || rest != "" && rest[0] != ' ' && rest[0] != ':' {
		return nolint{}, false
	}
	if strings.HasPrefix(text, "nolint:all") || !strings.HasPrefix(text, "nolint:") {
		return nolint{all: true}, true
	}
	text, _, _ = strings.Cut(text, "//")
	for item := range strings.SplitSeq(strings.TrimPrefix(text, "nolint:"), ",") {
		name := strings.ToLower(strings.TrimSpace(item))
		if name == allAnalyzers {
			return nolint{all: true}, true
		}
		d.names = append(d.names, name)
	}
	return d, true
}

// covers reports whether names holds analyzer or all.
func covers(names []string, analyzer string) bool {
	for _, n := range names {
		if n == analyzer || n == allAnalyzers {
			return true
		}
	}
	return false
}

// persistentPrefix starts the directive that declares keys meant to live
// without a TTL.
const persistentPrefix = "//redislint:persistent"

// parsePersistent parses the text of one comment as
// //redislint:persistent <reason>. ok is false when the comment is not
// such a directive; reason is "" when it has none.
func parsePersistent(text string) (reason string, ok bool) {
	rest, ok := strings.CutPrefix(text, persistentPrefix)
	if !ok || rest != "" && !unicode.IsSpace(rune(rest[0])) {
		return "", false
	}
	rest = strings.TrimSpace(rest)
	return strings.TrimSpace(strings.TrimPrefix(rest, "//")), true
}
