// import-model: imports bulk exports into an empty in-memory instance by the importer's match and
// merge rules and writes the result as a bulk export (docs/import-model.md); `import-model diff`
// compares two instances object by object. Used by the tests only.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "io/Error.h"
#include "io/OutputFile.h"
#include "io/OutputPaths.h"
#include "io/OutputSet.h"
#include "tests/import_model/Instance.h"

int main(int argc, char** argv) {
  using namespace mm;
  CLI::App app{"import-model: an in-memory instance that bulk exports are imported into by the importer's rules"};
  std::vector<std::string> imports;
  std::string export_path, summary_path;
  app.add_option("--import", imports, "Export to import (repeatable, imported in order)")->required();
  app.add_option("--export", export_path, "Write the resulting instance as a bulk export here");
  app.add_option("--summary", summary_path, "Write the summary (counts, errors) as JSON here");
  CLI::App* diff = app.add_subcommand("diff", "Compare two exports as instances; exit 1 if they differ");
  std::string a, b, ignore_path;
  diff->add_option("A", a, "First export")->required();
  diff->add_option("B", b, "Second export")->required();
  diff->add_option("--ignore-edits", ignore_path,
                   "gen-synthetic evolve-key.json: ignore its edited messages, deleted posts and channels and "
                   "removed memberships");
  app.require_subcommand(0, 1);
  // --import belongs to the import form only.
  diff->preparse_callback([&app](size_t) { app.get_option("--import")->required(false); });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  try {
    if (diff->parsed()) {
      model_import::Ignore ignore;
      if (!ignore_path.empty()) ignore = model_import::read_ignore(ignore_path);
      model_import::Instance x, y;
      x.import_file(a);
      y.import_file(b);
      for (const auto* in : {&x, &y})
        for (const auto& e : in->errors()) fmt::print(stderr, "import-model: {}\n", e);
      std::vector<std::string> d = x.diff(y, ignore);
      size_t shown = 0;
      for (const auto& line : d) {
        if (++shown > 500) {
          fmt::print("... {} more\n", d.size() - 500);
          break;
        }
        fmt::print("{}\n", line);
      }
      fmt::print(stderr, "import-model diff: {} difference(s)\n", d.size());
      return d.empty() ? 0 : 1;
    }
    RunPaths paths;
    for (const auto& path : imports) paths.input("--import", path);
    paths.output("--export", export_path);
    paths.output("--summary", summary_path);
    check_output_paths(paths);
    model_import::Instance in;
    for (const auto& path : imports) in.import_file(path);
    OutputSet outputs;
    if (!export_path.empty()) outputs.file(export_path).write(in.export_jsonl());
    if (!summary_path.empty()) outputs.file(summary_path).write(in.summary_json());
    outputs.commit();
    model_import::Summary s = in.summary();
    for (const auto& e : s.errors) fmt::print(stderr, "import-model: {}\n", e);
    fmt::print(stderr,
               "import-model: {} teams, {} channels, {} users, {} posts, {} direct posts, {} replies, {} reactions, "
               "{} attachments, {} emoji; {} duplicated posts, {} password resets, {} errors\n",
               s.teams, s.channels, s.users, s.posts, s.direct_posts, s.replies, s.reactions, s.attachments, s.emoji,
               s.duplicated_posts, s.password_resets, s.errors.size());
    return s.errors.empty() ? 0 : 1;
  } catch (const Error& e) {
    fmt::print(stderr, "import-model: {}\n", e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    fmt::print(stderr, "import-model: {}\n", e.what());
    return kExitUsage;
  }
}
