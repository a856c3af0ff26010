#include "tools/hub/cli/generate_command.hpp"

#include <algorithm>
#include <charconv>

#include "io/error.hpp"
#include "tools/hub/cli/byte_size.hpp"
#include "tools/hub/store/commit_writer.hpp"
#include "tools/hub/store/data_dir.hpp"
#include "tools/hub/store/repo_generator.hpp"

namespace tf::hub::cli {

namespace {

uint64_t parse_count(std::string_view text, std::string_view what) {
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw Error(ErrorKind::invalid_argument,
                "not a number in " + std::string(what) + ": '" + std::string(text) + "'");
  }
  return value;
}

// PATH=SIZE[@SEED]
store::GeneratedFile parse_file_spec(const std::string& spec, uint64_t default_seed) {
  const auto eq = spec.rfind('=');
  if (eq == std::string::npos || eq == 0) {
    throw Error(ErrorKind::invalid_argument, "--file wants PATH=SIZE[@SEED], not '" + spec + "'");
  }
  store::GeneratedFile file;
  file.path = spec.substr(0, eq);
  std::string_view size = std::string_view(spec).substr(eq + 1);
  file.seed = default_seed;
  if (const auto at = size.find('@'); at != std::string_view::npos) {
    file.seed = parse_count(size.substr(at + 1), "--file " + spec);
    size = size.substr(0, at);
  }
  file.size = parse_byte_size(size);
  return file;
}

// COUNTxSIZE[:FOLDER]
store::FileShape parse_shape(const std::string& spec) {
  store::FileShape shape;
  std::string_view rest = spec;
  if (const auto colon = rest.find(':'); colon != std::string_view::npos) {
    shape.directory = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
  }
  const auto x = rest.find('x');
  if (x == std::string_view::npos) {
    throw Error(ErrorKind::invalid_argument,
                "--shape wants COUNTxSIZE[:FOLDER] (like 1000x4K), not '" + spec + "'");
  }
  shape.count = parse_count(rest.substr(0, x), "--shape " + spec);
  shape.size = parse_byte_size(rest.substr(x + 1));
  return shape;
}

// PATH=PCT%[@SEED]
std::pair<std::string, store::FileEdit> parse_edit(const std::string& spec) {
  const auto eq = spec.rfind('=');
  const auto percent_sign = spec.find('%', eq == std::string::npos ? 0 : eq);
  if (eq == std::string::npos || eq == 0 || percent_sign == std::string::npos) {
    throw Error(ErrorKind::invalid_argument, "--edit wants PATH=PCT%[@SEED], not '" + spec + "'");
  }
  store::FileEdit edit;
  const std::string_view view(spec);
  const uint64_t percent =
      parse_count(view.substr(eq + 1, percent_sign - eq - 1), "--edit " + spec);
  if (percent > 100) throw Error(ErrorKind::invalid_argument, "--edit " + spec + ": over 100%");
  edit.percent = static_cast<uint32_t>(percent);
  const auto rest = view.substr(percent_sign + 1);
  if (!rest.empty()) {
    if (rest.front() != '@') {
      throw Error(ErrorKind::invalid_argument, "--edit wants PATH=PCT%[@SEED], not '" + spec + "'");
    }
    edit.seed = parse_count(rest.substr(1), "--edit " + spec);
  }
  return {spec.substr(0, eq), edit};
}

// Sets the content style of every file and the edits of the files named by --edit.
void shape_files(store::GenerationPlan& plan, const std::string& content,
                 const std::vector<std::string>& edits) {
  const auto style = store::content_style_from_string(content);
  if (!style) {
    throw Error(ErrorKind::invalid_argument, "--content is random or mixed, not '" + content + "'");
  }
  for (auto& file : plan.files)
    file.style = *style;
  for (const auto& spec : edits) {
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
    auto parsed = parse_edit(spec);
    const std::string& path = parsed.first;
    auto& edit = parsed.second;
    const auto file = std::find_if(plan.files.begin(), plan.files.end(),
                                   [&](const store::GeneratedFile& f) { return f.path == path; });
    if (file == plan.files.end()) {
      throw Error(ErrorKind::invalid_argument, "--edit " + spec + ": no generated file " + path);
    }
    file->edit = edit;
  }
}

}  // namespace

void GenerateCommand::add_to(CLI::App& app) {
  auto* command = app.add_subcommand(
      "generate", "Commit a generated repo: files of given sizes with pseudo-random content");
  options_.add_to(*command);
  command->add_option("--file", files_, "PATH=SIZE[@SEED]: one generated file (repeatable)");
  command->add_option("--shape", shapes_,
                      "COUNTxSIZE[:FOLDER]: COUNT files FOLDER/part-00000.dat... (default "
                      "folder: data; repeatable)");
  command->add_option("--edit", edits_,
                      "PATH=PCT%[@SEED]: overwrite PCT% of the generated file PATH, in 10 "
                      "evenly spaced blocks, with other pseudo-random bytes (seed default 1; "
                      "repeatable)");
  command
      ->add_option("--content", content_,
                   "random, or mixed: regions that compress differently (every Xet "
                   "compression scheme shows up)")
      ->capture_default_str();
  command->add_option("--seed", seed_, "Seed of the content")->capture_default_str();
  command->add_flag("--no-config-files", no_config_files_, "Do not add config.json and README.md");
  command->callback([this] { run(); });
}

void GenerateCommand::run() const {
  const store::DataDir data(options_.data_dir);
  store::GenerationPlan plan;
  plan.repo_id = options_.repo_id;
  plan.seed = seed_;
  plan.with_config_files = !no_config_files_;
  for (const auto& spec : files_)
    plan.files.push_back(parse_file_spec(spec, seed_));
  for (const auto& spec : shapes_)
    plan.add_shape(parse_shape(spec));
  shape_files(plan, content_, edits_);
  auto request = options_.commit_request("Generate " + std::to_string(plan.files.size()) +
                                         " files (seed " + std::to_string(seed_) + ")");
  request.files = store::generate_files(data.objects(), plan, options_.storage_policy());
  const auto xet = store::ingest_xet_files(data.root(), data.objects(), request.files);
  const auto commit = store::record_commit(data, request);
  print_commit_summary(request, commit, options_.xet ? &xet : nullptr);
}

}  // namespace tf::hub::cli
