/*
 * cmd_admx.h - "gpforge admx": list, show, lint and apply templates.
 */
#ifndef CMD_ADMX_H
#define CMD_ADMX_H

int cmd_admx(int argc, char **argv);

#endif
