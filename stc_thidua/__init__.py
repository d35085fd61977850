"""thidua: quản lý phong trào thi đua, khen thưởng (emulation movements and commendations)."""

__version__ = "0.1.0"
