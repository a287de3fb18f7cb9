import { Outlet } from 'react-router';
import { useChannels } from '../api';
import { ChannelSidebar } from '../components/ChannelSidebar';
import { useChannelsLive } from '../live/useChannelsLive';
import '../channels.css';

/** `/channels/*`: the joined channels beside whichever channel, thread or tool is open. */
export function ChannelsLayout() {
  const joined = useChannels('joined');
  useChannelsLive(joined.data?.items);
  return (
    <div className="channels-layout">
      <ChannelSidebar channels={joined.data?.items ?? []} loading={joined.isPending} />
      <div className="channels-layout__main">
        <Outlet />
      </div>
    </div>
  );
}
