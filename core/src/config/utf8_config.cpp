#include "config/utf8_config.hpp"

#include "text/utf8.hpp"
#include "tilt/error.hpp"

namespace tilt::config_detail {

void require_utf8(std::string_view text, const std::string& file) {
  if (const auto problem = text::find_invalid_utf8(file)) {
    throw ConfigError(file, 0, 0, "(file name)",
                      "a UTF-8 file name (run outputs record it as text)",
                      text::describe(*problem));
  }
  if (const auto problem = text::find_invalid_utf8(text)) {
    throw ConfigError(file, problem->line, problem->column, "(encoding)", "UTF-8 text",
                      text::describe(*problem));
  }
}

}  // namespace tilt::config_detail
