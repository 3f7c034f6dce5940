#pragma once
/// @file
/// Everything of the ifx client API: the synchronous connection and its pool, the Asio connection
/// and its pool (which need standalone Asio, configured as the library was: the package's CMake
/// targets and ifx.pc carry it), statements, cursors, results, values and errors.
#include "ifx/async_connection.hpp"  // first: it includes ifx/detail/asio_config.hpp before Asio
#include "ifx/async_pool.hpp"
#include "ifx/codeset.hpp"
#include "ifx/column.hpp"
#include "ifx/composite.hpp"
#include "ifx/connect_params.hpp"
#include "ifx/connection.hpp"
#include "ifx/cursor.hpp"
#include "ifx/date.hpp"
#include "ifx/datetime.hpp"
#include "ifx/decimal.hpp"
#include "ifx/error.hpp"
#include "ifx/inserter.hpp"
#include "ifx/interval.hpp"
#include "ifx/lob.hpp"
#include "ifx/log.hpp"
#include "ifx/param.hpp"
#include "ifx/pool.hpp"
#include "ifx/qualifier.hpp"
#include "ifx/result.hpp"
#include "ifx/row.hpp"
#include "ifx/smart_lob.hpp"
#include "ifx/source_location.hpp"
#include "ifx/statement.hpp"
#include "ifx/transaction.hpp"
