#!/usr/bin/env bash
# Boots `npm start` as a newcomer would (embedded PostgreSQL, demo data), runs the member query
# through the gateway, stops it with Ctrl-C (SIGINT) and checks nothing is left running; then
# starts it again and checks the demo data was neither duplicated nor wiped.
set -euo pipefail
cd "$(dirname "$0")/.."

data_dir=$(mktemp -d /tmp/mcs-smoke.XXXXXX)
# PostgreSQL runs as the `postgres` user when we are root: it must be able to enter the folder.
chmod 755 "$data_dir"
log="$data_dir/start.log"
export DATA_DIR="$data_dir" PORT=4300 MEMBERS_PORT=4301 SCHEMES_PORT=4302 CLAIMS_PORT=4303 FINANCE_PORT=4304 PROVIDERS_PORT=4305 IDENTITY_PORT=4306
export EMBEDDED_POSTGRES_PORT=54391 HOST=127.0.0.1
gateway="http://127.0.0.1:$PORT/graphql"
pid=""
# Whatever fails, leave nothing running behind.
trap '[ -n "$pid" ] && kill -INT "$pid" 2>/dev/null; sleep 2; pkill -f "$data_dir" 2>/dev/null || true' EXIT

start() {
  # Its own process group, so that "Ctrl-C" below reaches every process of it, as a terminal's would.
  setsid node dist/scripts/start.js >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    grep -q 'Medical coverage supergraph is running' "$log" && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "npm start exited early"; exit 1; }
    sleep 1
  done
  cat "$log"; echo "npm start did not come up in 120 s"; kill -INT "$pid"; exit 1
}

stop() {
  kill -INT -- "-$pid"
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  if kill -0 "$pid" 2>/dev/null; then echo "npm start did not stop on Ctrl-C"; exit 1; fi
  if pgrep -f "$data_dir" >/dev/null; then pgrep -af "$data_dir"; echo "processes left behind after Ctrl-C"; exit 1; fi
  pid=""
}

token=""
query() {
  curl -sf "$gateway" -H 'content-type: application/json' -H "authorization: Bearer $token" -d "$1"
}

# Signs in as the demo administrator the banner prints, with its password and a TOTP code, as a
# newcomer would. A code works once, so a second start within the same 30 s waits for the next.
sign_in() {
  local secret password code answer
  secret=$(grep -E '^ +admin@demo\.mcs\.test ' "$log" | sed -E 's/.*TOTP secret ([A-Z2-7]+).*/\1/')
  password=$(grep -E '^Demo users \(password for all: ' "$log" | sed -E 's/.*password for all: ([^)]+)\).*/\1/')
  [ -n "$secret" ] && [ -n "$password" ] || { cat "$log"; echo "npm start printed no demo administrator"; exit 1; }
  for _ in 1 2 3; do
    code=$(node dist/scripts/totp.js "$secret" 2>/dev/null)
    answer=$(curl -s "$gateway" -H 'content-type: application/json' \
      -d "{\"query\":\"mutation(\$i: LoginInput!) { login(input: \$i) { accessToken } }\",\"variables\":{\"i\":{\"email\":\"admin@demo.mcs.test\",\"password\":\"$password\",\"totpCode\":\"$code\"}}}")
    token=$(echo "$answer" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).data.login.accessToken)}catch{console.log("")}})')
    [ -n "$token" ] && return 0
    sleep 12
  done
  echo "could not sign in as the demo administrator: $answer"; exit 1
}

npm run build --silent
start
grep -E 'GraphQL endpoint|Playground' "$log"
sign_in
echo "signed in as the demo administrator"
# Without a token the data stays closed.
anonymous=$(curl -s "$gateway" -H 'content-type: application/json' -d '{"query":"{ members(first: 1) { edges { node { id } } } }"}')
echo "$anonymous" | grep -q UNAUTHENTICATED || { echo "an anonymous caller was not refused: $anonymous"; exit 1; }
count_data() {
  # Companies, plus the members of every company: the same figures after a restart mean nothing was duplicated or wiped.
  # (20 companies of up to 100 members each stays within the gateway's cost limit; the demo has 5.)
  query '{"query":"{ companies(first: 20) { edges { node { name members(first: 100) { edges { node { id } } } } } } }"}' |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const e=JSON.parse(s).data.companies.edges;console.log(e.length+" companies, "+e.reduce((n,c)=>n+c.node.members.edges.length,0)+" members")})'
}
first_count=$(count_data)
echo "demo data: $first_count"
member_id=$(query '{"query":"{ members(first: 1, filter: { status: ACTIVE, type: PRINCIPAL }) { edges { node { id } } } }"}' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).data.members.edges[0].node.id))')
body=$(printf '{"query":"query($id: ID!) { member(id: $id) { memberNumber fullName status company { name } dependants { fullName relationship } coverage { scheme { name } period { start end } benefits { category annualLimit { amount currency } } } claims(first: 5) { edges { node { claimNumber status totalBilled { amount currency } } } } invoices(first: 3) { edges { node { invoiceNumber status amountDue { amount currency } dueDate } } } balance { amount currency } } }","variables":{"id":"%s"}}' "$member_id")
answer=$(query "$body")
echo "$answer" | node -e '
let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
  const r = JSON.parse(s);
  if (r.errors) { console.error(JSON.stringify(r.errors, null, 2)); process.exit(1); }
  const m = r.data.member;
  const ok = m.company.name && m.coverage && m.coverage.scheme.name && m.claims.edges.length > 0 && m.invoices.edges.length > 0 && m.balance.currency === "KES";
  if (!ok) { console.error("incomplete answer: " + s); process.exit(1); }
  console.log(`member ${m.memberNumber} on ${m.coverage.scheme.name}: ${m.claims.edges.length} claims, ${m.invoices.edges.length} invoices, balance ${m.balance.amount} ${m.balance.currency}`);
});'
curl -sf "http://127.0.0.1:$PORT/playground" | grep -q '<title>' || { echo "playground not served"; exit 1; }

# The seeded claims are adjudicated once the other domains' events have filled the claims read
# models, and finance settles the approved ones from the claims' events.
for i in $(seq 1 90); do
  waiting=$(query '{"query":"{ claims(first: 1, filter: { status: SUBMITTED }) { edges { node { id } } } }"}' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).data.claims.edges.length))')
  settled=$(query '{"query":"{ settlements(first: 1) { edges { node { id } } } }"}' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).data.settlements.edges.length))')
  [ "$waiting" = 0 ] && [ "$settled" = 1 ] && break
  [ "$i" = 90 ] && { echo "demo claims were not adjudicated and settled within 90 s"; exit 1; }
  sleep 1
done
echo "demo claims adjudicated from events, and approved ones settled in finance"
stop
echo "stopped cleanly"

start
sign_in
second_count=$(count_data)
stop
[ "$first_count" = "$second_count" ] || { echo "demo data changed on second start: $first_count, then $second_count"; exit 1; }
echo "second start kept the demo data ($second_count)"
rm -rf "$data_dir"
