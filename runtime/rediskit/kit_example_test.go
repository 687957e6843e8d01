package rediskit_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/runtime/rediskit"
)

type catalogItem struct {
	SKU   string  `json:"sku"`
	Price float64 `json:"price"`
}

func ExampleNewCache() {
	m := startMiniredis()
	defer m.Close()
	c, _ := rediskit.NewClient(rediskit.Options{Addrs: []string{m.Addr()}})
	defer c.Close()

	loads := 0
	loadProduct := func(ctx context.Context, sku string) (catalogItem, error) {
		loads++ // a database query, say
		return catalogItem{SKU: sku, Price: 9.5}, nil
	}
	products, err := rediskit.NewCache(c, loadProduct, rediskit.CacheOptions{
		Prefix:   "product:",
		TTL:      rediskit.TTLCacheMedium,
		LocalTTL: 5 * time.Second, // and keep hot products in the process
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	for range 3 {
		p, _ := products.Get(ctx, "A-1")
		fmt.Println(p.SKU, p.Price)
	}
	fmt.Println(loads, "load;", "Redis holds", m.Keys(), "for", m.TTL("product:A-1"))
	// Output:
	// A-1 9.5
	// A-1 9.5
	// A-1 9.5
	// 1 load; Redis holds [product:A-1] for 30m0s
}

func ExampleCache_Get() {
	m := startMiniredis()
	c, _ := rediskit.NewClient(rediskit.Options{Addrs: []string{m.Addr()}, TripAfter: 1, NoRetries: true})
	defer c.Close()
	loadPrice := func(ctx context.Context, sku string) (float64, error) { return 9.5, nil }
	prices, _ := rediskit.NewCache(c, loadPrice, rediskit.CacheOptions{Prefix: "price:", TTL: rediskit.TTLPriceData})
	ctx := context.Background()

	price, err := prices.Get(ctx, "A-1")
	fmt.Println(price, err)

	// With Redis down, Get reports the error rather than load: a cache
	// outage must not turn into a stampede on the database. A caller that
	// would rather load does so itself.
	m.Close()
	for range 2 {
		_, err := prices.Get(ctx, "A-1")
		if errors.Is(err, rediskit.ErrCircuitOpen) {
			price, err := loadPrice(ctx, "A-1")
			fmt.Println("breaker open, loaded:", price, err)
			continue
		}
		fmt.Println("Redis down:", err != nil)
	}
	// Output:
	// 9.5 <nil>
	// Redis down: true
	// breaker open, loaded: 9.5 <nil>
}

func ExampleCache_Delete() {
	m := startMiniredis()
	defer m.Close()
	c, _ := rediskit.NewClient(rediskit.Options{Addrs: []string{m.Addr()}})
	defer c.Close()
	names := map[string]string{"42": "alice"} // the source of truth
	users, _ := rediskit.NewCache(c, func(ctx context.Context, id string) (string, error) {
		return names[id], nil
	}, rediskit.CacheOptions{Prefix: "user:name:", TTL: rediskit.TTLUserData})
	ctx := context.Background()

	name, _ := users.Get(ctx, "42")
	fmt.Println(name)
	names["42"] = "alicia"
	name, _ = users.Get(ctx, "42")
	fmt.Println(name, "(cached)")
	if err := users.Delete(ctx, "42"); err != nil { // after changing the source
		fmt.Println(err)
	}
	name, _ = users.Get(ctx, "42")
	fmt.Println(name)
	// Output:
	// alice
	// alice (cached)
	// alicia
}

// decimalCodec stores integers as decimal text, readable with redis-cli.
type decimalCodec struct{}

func (decimalCodec) Marshal(v any) ([]byte, error) {
	return strconv.AppendInt(nil, v.(int64), 10), nil
}

func (decimalCodec) Unmarshal(data []byte, v any) error {
	n, err := strconv.ParseInt(string(data), 10, 64)
	*v.(*int64) = n
	return err
}

func ExampleCodec() {
	m := startMiniredis()
	defer m.Close()
	c, _ := rediskit.NewClient(rediskit.Options{Addrs: []string{m.Addr()}})
	defer c.Close()
	counts, _ := rediskit.NewCache(c, func(ctx context.Context, key string) (int64, error) { return 1234, nil },
		rediskit.CacheOptions{Prefix: "count:", Codec: decimalCodec{}})

	n, _ := counts.Get(context.Background(), "orders")
	stored, _ := m.Get("count:orders")
	fmt.Println(n, stored)
	// Output: 1234 1234
}

func ExampleJSONCodec_Marshal() {
	data, err := rediskit.JSONCodec{}.Marshal(catalogItem{SKU: "A-1", Price: 9.5})
	fmt.Println(string(data), err)
	// Output: {"sku":"A-1","price":9.5} <nil>
}

func ExampleJSONCodec_Unmarshal() {
	var p catalogItem
	err := rediskit.JSONCodec{}.Unmarshal([]byte(`{"sku":"A-1","price":9.5}`), &p)
	fmt.Println(p.SKU, p.Price, err)
	// Output: A-1 9.5 <nil>
}

func ExampleTransaction() {
	m := startMiniredis()
	defer m.Close()
	c, _ := rediskit.NewClient(rediskit.Options{Addrs: []string{m.Addr()}})
	defer c.Close()
	ctx := context.Background()
	c.Redis().Set(ctx, "balance:42", 100, rediskit.TTLUserData)

	// Withdraw 30 unless the balance is too low; run again if another
	// client changes the balance meanwhile.
	errLow := errors.New("balance too low")
	err := rediskit.Transaction(ctx, c.Redis(), []string{"balance:42"}, rediskit.TxOptions{}, func(tx *redis.Tx) error {
		balance, err := tx.Get(ctx, "balance:42").Int()
		if err != nil {
			return err
		}
		if balance < 30 {
			return errLow
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.Set(ctx, "balance:42", balance-30, rediskit.TTLUserData)
			return nil
		})
		return err
	})
	fmt.Println(err, c.Redis().Get(ctx, "balance:42").Val())
	// Output: <nil> 70
}

func ExampleGetOr() {
	m := startMiniredis()
	c, _ := rediskit.NewClient(rediskit.Options{Addrs: []string{m.Addr()}, TripAfter: 1, NoRetries: true})
	defer c.Close()
	ctx := context.Background()
	c.Redis().Set(ctx, "flag:new-checkout", "on", rediskit.TTLUserSettings)

	on, err := rediskit.GetOr(ctx, c.Redis(), "flag:new-checkout", "off")
	fmt.Println(on, err)
	missing, err := rediskit.GetOr(ctx, c.Redis(), "flag:unknown", "off")
	fmt.Println(missing, err)

	m.Close()
	_, err = rediskit.GetOr(ctx, c.Redis(), "flag:new-checkout", "off")
	fmt.Println("Redis down:", err != nil) // reported: the breaker is not open yet
	open, err := rediskit.GetOr(ctx, c.Redis(), "flag:new-checkout", "off")
	fmt.Println(open, err) // the breaker is open: the default, quietly
	// Output:
	// on <nil>
	// off <nil>
	// Redis down: true
	// off <nil>
}

// Every key gets an expiry from the table of TTLs, by kind of data.
func Example_expiry() {
	m := startMiniredis()
	defer m.Close()
	c, _ := rediskit.NewClient(rediskit.Options{Addrs: []string{m.Addr()}})
	defer c.Close()
	ctx := context.Background()
	rdb := c.Redis()

	rdb.Set(ctx, "session:abc", "user:42", rediskit.TTLUserSession)
	rdb.HSet(ctx, "user:42", "name", "alice")
	rdb.Expire(ctx, "user:42", rediskit.TTLUserData)
	rdb.SetNX(ctx, "lock:report", "worker-1", rediskit.TTLLockData)

	for _, k := range []string{"session:abc", "user:42", "lock:report"} {
		fmt.Println(k, m.TTL(k))
	}
	// Output:
	// session:abc 24h0m0s
	// user:42 720h0m0s
	// lock:report 1m0s
}
