// verify-attachments --fix-out (stages/FixOut.h): the lines as the file policy fixes them, and
// OUTDIR checked before anything is written, built aside and renamed into place, or left absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "io/Error.h"
#include "io/ImportTree.h"
#include "stages/FixOut.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

namespace fs = std::filesystem;

FileCheck check(FileProblem problem, std::string resolved = "", std::string detected = "") {
  FileCheck c;
  c.problem = problem;
  c.severity = Severity::kError;
  c.resolved = std::move(resolved);
  c.detected = std::move(detected);
  return c;
}

TEST(FixOut, WritesEachLineAsThePolicyFixesIt) {
  const std::string in =
      "{\"type\":\"version\",\"version\":1}\n"
      "{\"type\":\"post\",\"post\":{\"message\":\"m\",\"attachments\":[{\"path\":\"a.png\"},{\"path\":\"b.gif\"},"
      "{\"path\":\"c.png\"}]}}\n"
      "{\"type\":\"emoji\",\"emoji\":{\"name\":\"e\",\"image\":\"e.png\"}}\n"
      "{\"type\":\"user\",\"user\":{\"username\":\"u\",\"profile_image\":\"p.png\",\"email\":\"u@x\"}}\n"
      "{\"type\":\"post\",\"post\":{\"message\":\"n\",\"attachments\":[{\"path\":\"d.png\"}]}}\n";
  Chunk chunk;
  test::fill_chunk(chunk, in);
  simdjson::ondemand::parser parser;
  AttachmentRefs::Result refs;
  AttachmentRefs().process(chunk, parser, refs);
  ASSERT_EQ(refs.refs.size(), 6u);
  const std::vector<FileCheck> checks = {
      check(FileProblem::kMissing),                               // a.png: dropped from its post
      check(FileProblem::kTypeMismatch, "data/b.gif", "image/png"),  // b.gif: renamed
      check(FileProblem::kNone, "data/c.png"),
      check(FileProblem::kEmpty, "data/e.png"),                   // the emoji line goes
      check(FileProblem::kMissing),                               // profile_image: the member goes
      check(FileProblem::kNone, "data/d.png"),
  };
  std::string out;
  std::vector<std::string> renamed;
  FixOutScratch scratch;
  FixOutCounts counts;
  write_fixed(
      chunk, refs, checks,
      [&](const FileCheck& c) {
        renamed.push_back(c.resolved);
        return std::string("data/b.png");
      },
      [&](std::string_view bytes) { out += bytes; }, scratch, counts);
  EXPECT_EQ(out,
            "{\"type\":\"version\",\"version\":1}\n"
            "{\"type\":\"post\",\"post\":{\"message\":\"m\",\"attachments\":[{\"path\":\"b.png\"},"
            "{\"path\":\"c.png\"}]}}\n"
            "{\"type\":\"user\",\"user\":{\"username\":\"u\",\"email\":\"u@x\"}}\n"
            "{\"type\":\"post\",\"post\":{\"message\":\"n\",\"attachments\":[{\"path\":\"d.png\"}]}}\n");
  EXPECT_EQ(renamed, std::vector<std::string>{"data/b.gif"});
  EXPECT_EQ(scratch.notes, (std::vector<std::string>{"reference dropped", "renamed to b.png", "", "line dropped",
                                                     "profile_image dropped", ""}));
  EXPECT_EQ(counts.dropped, 2u);
  EXPECT_EQ(counts.dropped_lines, 1u);

  // Nothing to fix: the chunk as it was.
  out.clear();
  const std::vector<FileCheck> good(6, check(FileProblem::kNone, "data/x.png"));
  write_fixed(
      chunk, refs, good, [](const FileCheck&) { return std::string(); }, [&](std::string_view b) { out += b; },
      scratch, counts);
  EXPECT_EQ(out, in);
  EXPECT_EQ(scratch.notes, std::vector<std::string>(6));
}

struct Tree {
  test::TempDir dir;
  std::string input = dir.file("export.jsonl");
  std::string import_dir = dir.file("import");
  std::unique_ptr<ImportTree> tree;
  Tree() {
    test::write_file(input, "{\"type\":\"version\",\"version\":1}\n");
    fs::create_directories(import_dir + "/data");
    test::write_file(import_dir + "/data/x.gif", "GIF89a");
    test::write_file(import_dir + "/data/x.png", "taken");
    test::write_file(import_dir + "/data/k.png", "kept");
    tree = std::make_unique<ImportTree>(import_dir);
  }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir.path())) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

TEST(FixOut, TreeIsBuiltAsideAndRenamedIntoPlace) {
  Tree t;
  const std::string out_dir = t.dir.file("out");
  FixOutTree fix(t.input, out_dir, t.import_dir, t.tree->fd());
  fix.keep("data/k.png");
  FileCheck gif = check(FileProblem::kTypeMismatch, "data/x.gif", "image/png");
  EXPECT_EQ(fix.rename(gif), "data/x-2.png");  // data/x.png is a file of the tree: not shadowed
  EXPECT_EQ(fix.rename(gif), "data/x-2.png");  // one name per file
  fix.jsonl().write("line\n");
  EXPECT_FALSE(fs::exists(out_dir));
  fix.commit();
  EXPECT_EQ(test::read_file(out_dir + "/import.jsonl"), "line\n");
  EXPECT_EQ(test::read_file(out_dir + "/data/k.png"), "kept");
  EXPECT_EQ(test::read_file(out_dir + "/data/x-2.png"), "GIF89a");
  EXPECT_FALSE(fs::exists(out_dir + "/data/x.gif"));
  EXPECT_EQ(fix.linked(), 1u);
  EXPECT_EQ(fix.renamed(), 1u);
}

TEST(FixOut, NotCommittedLeavesNothing) {
  Tree t;
  const std::vector<std::string> before = t.entries();
  {
    FixOutTree fix(t.input, t.dir.file("out"), t.import_dir, t.tree->fd());
    fix.keep("data/k.png");
    fix.jsonl().write("line\n");
  }
  EXPECT_EQ(t.entries(), before);
}

TEST(FixOut, OutdirMustBeNewOrEmptyAndOutsideTheInputs) {
  Tree t;
  auto refused = [&](const std::string& out_dir, const std::string& why) {
    try {
      FixOutTree fix(t.input, out_dir, t.import_dir, t.tree->fd());
      ADD_FAILURE() << out_dir << " accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
    }
  };
  test::write_file(t.dir.file("file"), "x");
  refused(t.dir.file("file"), "exists and is not a directory");
  fs::create_directories(t.dir.file("full"));
  test::write_file(t.dir.file("full/a"), "x");
  refused(t.dir.file("full"), "exists and is not empty");
  refused(t.import_dir + "/out", "--fix-out");
  refused(t.input, "--fix-out");

  fs::create_directories(t.dir.file("empty"));
  FixOutTree fix(t.input, t.dir.file("empty"), t.import_dir, t.tree->fd());
  fix.commit();
  EXPECT_TRUE(fs::exists(t.dir.file("empty/import.jsonl")));
  // A new OUTDIR's parents are created.
  FixOutTree nested(t.input, t.dir.file("a/b/out"), t.import_dir, t.tree->fd());
  nested.commit();
  EXPECT_TRUE(fs::exists(t.dir.file("a/b/out/import.jsonl")));
}

}  // namespace
}  // namespace mm
