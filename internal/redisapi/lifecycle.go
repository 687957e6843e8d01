package redisapi

// A Lifecycle is what a go-redis method does to a resource: hand out a
// dedicated connection or subscription, build a client, start or run a
// pipeline, or release.
type Lifecycle uint8

// Lifecycle kinds.
const (
	NoLifecycle  Lifecycle = iota
	AcquiresConn           // Conn(), redigo's (*Pool).Get: a connection that holds one of the pool's until Close
	Subscribes             // Subscribe, PSubscribe, SSubscribe: a *PubSub that holds a connection until Close
	NewsClient             // NewClient and friends: a new connection pool
	StartsPipe             // Pipeline(), TxPipeline(): commands queue until Exec
	RunsPipe               // Pipelined, TxPipelined: the closure's commands are sent on return
	RunsWatch              // Watch(ctx, fn, keys...): the closure runs in a WATCH transaction
	ExecsPipe              // Exec: sends the queued commands
	DiscardsPipe           // Discard: drops the queued commands on purpose
	Releases               // Close
	DialsConn              // redigo's Dial and friends: a network connection of its own until Close
	Dedicates              // rueidis's and valkey-go's Dedicate: a client on one pooled connection until its cancel func is called
)

var lifecycleNames = [...]string{"none", "AcquiresConn", "Subscribes", "NewsClient", "StartsPipe", "RunsPipe", "RunsWatch", "ExecsPipe", "DiscardsPipe", "Releases", "DialsConn", "Dedicates"}

func (l Lifecycle) String() string {
	if int(l) < len(lifecycleNames) {
		return lifecycleNames[l]
	}
	return "Lifecycle(?)"
}

// Receivers, by kind, as go-redis names its types.
var (
	clients    = []string{"Client", "ClusterClient", "Ring", "UniversalClient"}
	commanders = []string{"Client", "ClusterClient", "Ring", "Conn", "Tx", "Pipeline", "Pipeliner", "UniversalClient", "Cmdable", "StatefulCmdable"}
	pipes      = []string{"Pipeline", "Pipeliner"}
)

// lifecycleMethods lists the lifecycle methods and the go-redis receiver
// types (as seen at the call site) on which they have that meaning.
var lifecycleMethods = []struct {
	Method string
	Kind   Lifecycle
	Recvs  []string
}{
	{"Conn", AcquiresConn, []string{"Client"}},
	{"EphemeralConn", AcquiresConn, []string{"Client"}},
	{"Subscribe", Subscribes, append(clients, "SentinelClient", "AutoPipeliner")},
	{"PSubscribe", Subscribes, append(clients, "SentinelClient", "AutoPipeliner")},
	{"SSubscribe", Subscribes, append(clients, "AutoPipeliner")},
	{"Pipeline", StartsPipe, commanders},
	{"TxPipeline", StartsPipe, commanders},
	{"Pipelined", RunsPipe, commanders},
	{"TxPipelined", RunsPipe, commanders},
	{"Watch", RunsWatch, clients},
	{"Exec", ExecsPipe, pipes},
	{"Discard", DiscardsPipe, pipes},
	// v8's Pipeline.Close discards the queued commands: defer pipe.Close()
	// is the v8 idiom. v9 has no Close on pipelines.
	{"Close", DiscardsPipe, pipes},
	{"Close", Releases, []string{"Client", "ClusterClient", "Ring", "UniversalClient", "Conn", "PubSub", "SentinelClient", "Tx", "AutoPipeliner"}},
}

// constructors are the package-level functions that build a client with
// its own connection pool.
var constructors = []string{
	"NewClient", "NewClusterClient", "NewFailoverClient", "NewFailoverClusterClient",
	"NewUniversalClient", "NewRing", "NewSentinelClient",
}
