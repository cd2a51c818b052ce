// The words the generator builds names and workplace chat from. Outside kCodeLines (used only in
// code) nothing contains '@', '~', '`' or "/pl/", so mentions, code spans and permalinks appear
// only where the text generator puts them (and counts them).
#pragma once

#include <string_view>

namespace mm::gen::vocab {

inline constexpr std::string_view kFirstNames[] = {
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj",
    "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yuki", "haruto", "sakura", "kenji",
    "aiko", "li", "wei", "mei", "omar", "fatima", "raj", "priya", "lars", "ingrid", "jose", "lucia", "noah",
    "emma", "liam", "ava", "mateo", "chloe", "hugo", "zoe", "felix", "nora", "oscar", "lena", "arjun"};

inline constexpr std::string_view kLastNames[] = {
    "smith", "jones", "garcia", "miller", "davis", "lopez", "wilson", "anderson", "thomas", "taylor", "moore",
    "martin", "lee", "perez", "white", "harris", "clark", "lewis", "walker", "young", "king", "wright",
    "tanaka", "suzuki", "sato", "watanabe", "ito", "nakamura", "kobayashi", "chen", "wang", "zhang", "kumar",
    "singh", "muller", "schmidt", "rossi", "bianchi", "dubois", "moreau", "novak", "kowalski", "silva",
    "santos", "jensen", "hansen", "berg", "costa"};

inline constexpr std::string_view kTeamWords[] = {
    "acme", "engineering", "sales", "support", "design", "research", "marketing", "finance", "product",
    "operations", "security", "platform", "mobile", "data", "infra", "growth", "legal", "people",
    "quality", "devrel", "frontend", "backend", "tokyo", "berlin", "lisbon", "austin", "osaka", "paris"};

inline constexpr std::string_view kChannelWords[] = {
    "general", "random", "dev", "ops", "release", "standup", "incidents", "alerts", "design-review",
    "backend", "frontend", "mobile", "qa", "hiring", "onboarding", "announcements", "watercooler",
    "builds", "deploys", "security", "data", "analytics", "roadmap", "support", "customers", "docs",
    "infra", "kubernetes", "database", "perf", "api", "ux", "sales-leads", "marketing", "events",
    "travel", "books", "music", "food", "pets", "gaming", "running", "photos", "til", "help", "it"};

// Display names whose derived (ASCII) name is just "pj", as a web client derives names.
inline constexpr std::string_view kJapaneseProjectNames[] = {"○○PJ", "△△PJ", "□□PJ", "新規PJ", "移行PJ"};

inline constexpr std::string_view kJapaneseChannelNames[] = {
    "開発", "営業", "雑談", "お知らせ", "障害対応", "設計レビュー", "採用", "総務", "品質保証", "運用"};

inline constexpr std::string_view kWords[] = {
    "the", "deploy", "build", "release", "meeting", "tomorrow", "today", "please", "review", "merge",
    "branch", "ticket", "customer", "issue", "fixed", "broken", "looks", "good", "to", "me", "we", "need",
    "should", "could", "maybe", "after", "lunch", "standup", "sprint", "backlog", "roadmap", "design",
    "spec", "draft", "latency", "database", "migration", "cache", "server", "client", "timeout", "retry",
    "rollback", "hotfix", "staging", "production", "metrics", "dashboard", "alert", "on-call", "pager",
    "incident", "postmortem", "action", "items", "owner", "deadline", "estimate", "scope", "feature",
    "flag", "experiment", "users", "feedback", "survey", "launch", "blog", "post", "docs", "update",
    "config", "secret", "token", "rotate", "cert", "expired", "renewed", "query", "index", "slow", "fast",
    "memory", "leak", "cpu", "spike", "disk", "full", "cleanup", "script", "cron", "job", "queue",
    "worker", "thread", "lock", "race", "condition", "test", "flaky", "green", "red", "pipeline", "ci",
    "coverage", "refactor", "cleanup", "rename", "module", "package", "version", "bump", "upgrade",
    "and", "or", "but", "so", "then", "also", "just", "really", "quick", "question", "about", "for", "with",
    "on", "in", "of", "is", "it", "this", "that", "was", "will", "can", "you", "they", "our", "their",
    "café", "naïve", "résumé", "façade", "über", "señor", "smörgåsbord", "crème", "brûlée"};

inline constexpr std::string_view kJapaneseSentences[] = {
    "お疲れ様です。", "本日のリリースは予定通り進めます。", "レビューをお願いします。",
    "障害は解消しました。原因を調査中です。", "明日の会議は10時からです。", "資料を共有します。",
    "了解しました！", "ありがとうございます。", "確認します、少々お待ちください。",
    "デプロイが完了しました。", "ログを見たところ、タイムアウトが発生しています。",
    "週次の定例はキャンセルになりました。", "新しいメンバーが参加しました、よろしくお願いします。"};

inline constexpr std::string_view kOtherSentences[] = {
    "Привет, как дела?", "Сборка прошла успешно.", "今天的发布已经完成。", "请帮忙看一下这个问题。",
    "안녕하세요, 회의는 3시입니다.", "Γειά σου κόσμε.", "שלום לכולם", "مرحبا بالجميع",
    "Ça marche, merci beaucoup !", "Die Tests sind grün. 🎉", "👍 done", "🚀 shipped", "🔥🔥🔥",
    "Ünïcödé ẗëṡẗ — “quotes” and ‘single’ …"};

inline constexpr std::string_view kUrls[] = {
    "https://docs.example.com/guide/setup", "https://github.com/acme/api/pull/1234",
    "https://github.com/acme/web/issues/987", "https://ci.example.com/job/main/4521/console",
    "https://grafana.example.com/d/abc123/latency?orgId=1&from=now-6h", "http://intranet.local/wiki/Onboarding",
    "https://www.example.org/blog/2024/05/release-notes", "https://status.example.com/incidents/42",
    "https://drive.example.com/file/d/1AbCdEf/view?usp=sharing", "https://jira.example.com/browse/OPS-311"};

inline constexpr std::string_view kCodeLanguages[] = {"go", "python", "bash", "sql", "json", "yaml", "js", ""};

inline constexpr std::string_view kCodeLines[] = {
    "func main() {", "    fmt.Println(\"hello, world\")", "}", "SELECT id, name FROM users WHERE delete_at = 0;",
    "for i in range(10):", "    print(i * 2)", "kubectl rollout restart deployment/api -n prod",
    "export PATH=\"$HOME/bin:$PATH\"", "if err != nil {", "    return fmt.Errorf(\"open %s: %w\", path, err)",
    "{\"level\":\"error\",\"msg\":\"connection refused\",\"retry\":3}", "const x = a && b || c;",
    "git rebase -i HEAD~3", "C:\\Users\\admin\\AppData\\Local\\Temp", "echo 'tab\there' | sed 's/\\t/ /g'",
    "  - name: build", "    run: make -j2 test", "x <- c(1, 2, 3)", "<div class=\"alert\">&nbsp;</div>"};

inline constexpr std::string_view kLogLevels[] = {"INFO", "WARN", "ERROR", "DEBUG"};

inline constexpr std::string_view kSystemEmoji[] = {
    "+1", "-1", "heart", "smile", "tada", "eyes", "white_check_mark", "rocket", "joy", "thinking_face",
    "pray", "fire", "100", "clap", "ok_hand", "raised_hands", "wave", "sweat_smile"};

inline constexpr std::string_view kEmojiWords[] = {
    "acme-logo", "ship-it-now", "lgtm-stamp", "party-parrot-x", "blob-yes", "blob-no", "coffee-time",
    "deploy-train", "on-fire-x", "mergedx", "kanban-board", "rubber-duck", "ninja-cat", "approved-x", "wip-x",
    "this-is-fine-x", "cx_sparkle", "cx_ok", "cx_wave", "facepalm-x"};

inline constexpr std::string_view kPositions[] = {
    "Software Engineer", "Product Manager", "Designer", "Support Engineer", "SRE", "Engineering Manager",
    "Data Scientist", "Account Executive", "QA Engineer", "Technical Writer", "エンジニア", ""};

inline constexpr std::string_view kLocales[] = {"en", "ja", "de", "fr", "es", "pt-BR", "zh-CN", "ko"};

inline constexpr std::string_view kThemes[] = {
    "{\"type\":\"Denim\",\"sidebarBg\":\"#1e325c\"}", "{\"type\":\"Onyx\",\"sidebarBg\":\"#202228\"}",
    "{\"type\":\"Indigo\",\"sidebarBg\":\"#0f1a2e\"}", "{\"type\":\"Quartz\",\"sidebarBg\":\"#f4f4f6\"}"};

// Permission ids that exist in the server's model.AllPermissions.
inline constexpr std::string_view kPermissions[] = {
    "create_post", "edit_post", "delete_post", "add_reaction", "remove_reaction", "upload_file",
    "create_direct_channel", "create_group_channel", "list_public_teams", "join_public_teams",
    "view_team", "read_channel", "create_public_channel", "create_private_channel",
    "manage_public_channel_properties", "use_channel_mentions", "create_team", "get_public_link",
    "edit_others_posts", "delete_others_posts", "use_group_mentions", "read_public_channel"};

}  // namespace mm::gen::vocab
