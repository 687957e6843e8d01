// Package redisapi is the single table of go-redis commands that every
// redislint analyzer consults, and the code that matches a type-checked
// call against it.
//
// No analyzer names a go-redis method or a Redis command: they ask this
// package what an expression does (sends KEYS, may create a key, sets a
// TTL, blocks, hands out a connection, starts a pipeline, releases).
//
// Matching works on the callee's *types.Func: the package path must be a
// go-redis major (github.com/redis/go-redis/v9 or github.com/go-redis/redis/v8),
// the receiver one of the command-set types (cmdable, statefulCmdable, the
// Cmdable interfaces, the concrete clients), and the method name an entry of
// the table for that major. It never compares one release's full method name:
// go-redis moves methods between receivers across releases (Cmdable in early
// v9, StringCmdable and friends in later v9) and renames some between majors
// (SetEX in v8, SetEx in v9).
//
// redigo (github.com/gomodule/redigo/redis) names its commands in a string
// argument: its calls reach the same rows by Redis command name (redigo.go).
package redisapi

// A Major is a go-redis major version.
type Major uint8

// The go-redis majors redislint understands.
const (
	V8 Major = 1 << iota // github.com/go-redis/redis/v8
	V9                   // github.com/redis/go-redis/v9
)

// Package paths of the go-redis majors.
const (
	PathV8 = "github.com/go-redis/redis/v8"
	PathV9 = "github.com/redis/go-redis/v9"
)

func (m Major) String() string {
	switch m {
	case V8:
		return "v8"
	case V9:
		return "v9"
	case V8 | V9:
		return "v8|v9"
	}
	return "none"
}

// Path returns the import path of a single major.
func (m Major) Path() string {
	switch m {
	case V8:
		return PathV8
	case V9:
		return PathV9
	}
	return ""
}

// An Effect is what a command does to the keyspace. A command with no
// effect bits reads (or talks to the server) without changing keys.
type Effect uint16

const (
	// Writes: the command changes the keyspace (adds, changes or deletes).
	Writes Effect = 1 << iota
	// Creates: the command may create the key described by Key. A freshly
	// created key has no TTL unless the command also SetsTTL.
	Creates
	// SetsTTL: the command leaves the key with a TTL. When TTL names an
	// argument, the TTL depends on it (Set with a zero duration sets none;
	// SetArgs decides by its TTL, ExpireAt and KeepTTL fields).
	SetsTTL
	// ChangesTTL: the command changes the TTL of a key that already has one
	// and does nothing to a key without one (EXPIRE ... XX / GT).
	ChangesTTL
	// DropsTTL: the command removes the key's TTL (PERSIST).
	DropsTTL
	// Blocks: the command may wait on the server (BLPOP, XREAD BLOCK, WAIT).
	Blocks
	// WalksAll: the command visits every key of the database in one call (KEYS).
	WalksAll
	// RunsScript: the command runs a script or function whose effects are unknown.
	RunsScript
	// Generic: a command helper (Do, DoRaw) whose Redis command is its first
	// argument; CallCommand resolves constant names.
	Generic
	// Bounds: the command caps the size of the key at Key (LTRIM, XTRIM), so
	// a list or stream that is trimmed after each write cannot grow forever.
	Bounds
	// Removes: the command removes the key at Key from the database (DEL,
	// UNLINK, GETDEL, RENAME and MOVE away); with NoKey, every key (FLUSHDB,
	// FLUSHALL).
	Removes
	// FieldTTL: the command sets a TTL on the hash fields it names
	// (HEXPIRE and friends; HSETEX and HGETEX when their options set one,
	// see FieldOptionsSetTTL). Fields locates them (FieldsOf).
	FieldTTL
	// ChecksExists: the command's reply says whether the key (or a field
	// of it) exists (EXISTS, HEXISTS).
	ChecksExists
	// NilIfMissing: a read whose error is redis.Nil when the key (or the
	// member) is missing, so a reply without error proves the key exists
	// (GET, HGET, LINDEX, ZSCORE, ...).
	NilIfMissing
	// ClearsTTL: a write that removes the TTL of an existing key it
	// overwrites (the SET family, GETSET, MSET).
	ClearsTTL
)

// Has reports whether e has every bit of f.
func (e Effect) Has(f Effect) bool { return e&f == f }

// A KeyForm says how a command's key argument is laid out.
type KeyForm uint8

// Key argument layouts.
const (
	NoKeyArg   KeyForm = iota // the command takes no key
	OneKey                    // the argument is one key
	ManyKeys                  // the argument is a variadic or slice of keys
	KeyPairs                  // variadic key, value pairs (MSET)
	KeyTriples                // variadic key, path, value triples (JSON.MSET)
	StreamKey                 // the Stream field of an *XAddArgs argument
)

// A KeyArg locates the key a command is about: for a command that stores
// its result (LMOVE, SUNIONSTORE, COPY, ...) the destination.
type KeyArg struct {
	Index int // parameter index, counting ctx as 0; -1 when Form is NoKeyArg
	Form  KeyForm
}

// Key, Keys, Pairs, Triples and StreamArg build KeyArgs for the table.
func Key(i int) KeyArg       { return KeyArg{i, OneKey} }
func Keys(i int) KeyArg      { return KeyArg{i, ManyKeys} }
func Pairs(i int) KeyArg     { return KeyArg{i, KeyPairs} }
func Triples(i int) KeyArg   { return KeyArg{i, KeyTriples} }
func StreamArg(i int) KeyArg { return KeyArg{i, StreamKey} }

// NoKey is the KeyArg of a command without a key.
var NoKey = KeyArg{-1, NoKeyArg}

// A TTLArg is the parameter index of the argument a command's TTL depends
// on (a time.Duration, a time.Time or an argument struct), or -1.
type TTLArg int

// TTL builds a TTLArg for the table.
func TTL(i int) TTLArg { return TTLArg(i) }

// NoTTL marks a command whose TTL does not depend on an argument.
const NoTTL TTLArg = -1

// A Row is one row of the table: a go-redis method and what it does.
type Row struct {
	Method string // Go method name, e.g. "SetEx"
	Name   string // Redis command, upper case, with its subcommand: "SETEX", "CLIENT KILL"; "" for Generic helpers
	Effect Effect
	Key    KeyArg
	TTL    TTLArg
	Majors Major // the majors that declare Method with this meaning
}

// A Command is what a call sends: its table row, and whether it came from
// a generic helper.
type Command struct {
	Row

	// Raw is set on the Command that CallCommand returns for Do or a
	// New...Cmd call: Key and TTL then do not describe the call's arguments.
	Raw bool

	// Redigo is set on a command sent through redigo (Do, Send, DoContext,
	// DoWithTimeout), which is Raw too.
	Redigo bool

	// Queued is set on a command that is only written to the connection's
	// buffer, its reply read later (redigo's Send): not a round trip of its
	// own.
	Queued bool
}
