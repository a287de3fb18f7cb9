import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { directoryRoutes, type ServiceProviderBody, type ServiceProviderQuery } from '@serantau/shared';
import { apiRequest } from '../../lib/api';

export const serviceProviderKeys = {
  all: ['service-providers'] as const,
  list: (filters: ServiceProviderQuery) => ['service-providers', 'list', filters] as const,
  detail: (id: string) => ['service-providers', 'detail', id] as const,
};

export function useServiceProviders(filters: ServiceProviderQuery) {
  return useQuery({
    queryKey: serviceProviderKeys.list(filters),
    queryFn: () => apiRequest(directoryRoutes.serviceProviders, { query: filters }),
    placeholderData: keepPreviousData,
  });
}

export function useServiceProvider(id: string, enabled = true) {
  return useQuery({
    queryKey: serviceProviderKeys.detail(id),
    queryFn: () => apiRequest(directoryRoutes.serviceProvider, { params: { id } }),
    enabled,
  });
}

export function useSaveServiceProvider(id: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ServiceProviderBody) =>
      id
        ? apiRequest(directoryRoutes.updateServiceProvider, { params: { id }, body })
        : apiRequest(directoryRoutes.createServiceProvider, { body }),
    onSuccess: (saved) => {
      queryClient.setQueryData(serviceProviderKeys.detail(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: [...serviceProviderKeys.all, 'list'] });
    },
  });
}

export function useDeleteServiceProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest(directoryRoutes.deleteServiceProvider, { params: { id } }),
    onSuccess: (_ok, id) => {
      queryClient.removeQueries({ queryKey: serviceProviderKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: [...serviceProviderKeys.all, 'list'] });
    },
  });
}
